/* Shared by the desk and statistics pages: login with the console's session, JSON calls with CSRF. */
(function () {
  "use strict";
  var review = window.review = { me: null, csrf: "" };

  review.el = function (tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "class") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  };

  review.call = function (method, path, body) {
    var headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-CSRF-Token"] = review.csrf;
    return fetch(path, { method: method, headers: headers, credentials: "same-origin",
                         body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (data) {
          if (!r.ok) { var e = new Error(data.detail || ("Lỗi " + r.status)); e.status = r.status; throw e; }
          return data;
        });
      });
  };

  review.start = function (onReady) {
    var loginView = document.getElementById("login-view"), appView = document.getElementById("app-view");
    function ready(data) {
      review.me = data.officer; review.csrf = data.csrf_token;
      document.getElementById("who").textContent = data.officer.name;
      loginView.hidden = true; appView.hidden = false;
      onReady();
    }
    // the login's session row may be committed just after its answer: ask until it is there
    function confirmed(tries) {
      return review.call("GET", "/console/api/me").catch(function (e) {
        if (tries <= 0 || e.status !== 401) throw e;
        return new Promise(function (done) { setTimeout(done, 150); }).then(function () { return confirmed(tries - 1); });
      });
    }
    review.call("GET", "/console/api/me").then(ready).catch(function () {
      loginView.hidden = false; appView.hidden = true;
    });
    document.getElementById("login-form").addEventListener("submit", function (event) {
      event.preventDefault();
      review.call("POST", "/console/api/login", { username: document.getElementById("username").value,
                                                   password: document.getElementById("password").value })
        .then(function () { return confirmed(10); })
        .then(ready)
        .catch(function (e) { document.getElementById("login-error").textContent = e.message; });
    });
  };
})();
