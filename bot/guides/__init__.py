"""Step-by-step guides (e.g. the VNeID account) read from knowledge/guides/<code>.yml."""
