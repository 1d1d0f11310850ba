/* Trợ lý dịch vụ công — embeddable web chat.
 * Embed in any page with one tag:
 *   <script src="https://HOST/static/widget.js" defer></script>
 * Options (attributes of that tag):
 *   data-inline="true"  the chat is drawn where the tag is, instead of a floating button
 *   data-api="https://HOST"  the app's origin when the page is served elsewhere
 *   data-open="true"  a floating chat starts open
 * Citizen messages go to POST /api/v1/chat; officer replies and status notifications
 * arrive live over the WebSocket /ws/chat/{sender_id}?token=… and are acknowledged once shown.
 * While the bot is down the chat answers 202 ("queued": the message is kept); the bot's
 * answer then arrives over the same WebSocket (kind "bot_reply") when it is back.
 * The conversation id is crypto-random; the server's session token for it is kept in
 * localStorage and sent in X-Session-Token (the server refuses an existing id without it).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var attr = function (name) { return script ? script.getAttribute(name) : null; };
  var api = (attr("data-api") || (script && script.src ? new URL(script.src).origin : location.origin)).replace(/\/$/, "");
  var inline = attr("data-inline") === "true";
  var storageKey = "dvc_sender_id";
  var tokenKey = "dvc_session_token";
  var historyKey = "dvc_history";
  var senderId = safeGet(localStorage, storageKey);
  var sessionToken = safeGet(localStorage, tokenKey);
  if (!senderId || !sessionToken) newConversation();

  function randomId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return "web-" + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function newConversation() {
    senderId = randomId();
    sessionToken = null;
    safeSet(localStorage, storageKey, senderId);
    try { localStorage.removeItem(tokenKey); } catch (e) { /* private mode */ }
    if (window.DvcChat) window.DvcChat.senderId = senderId;
  }

  function safeGet(store, key) { try { return store.getItem(key); } catch (e) { return null; } }
  function safeSet(store, key, value) { try { store.setItem(key, value); } catch (e) { /* private mode */ } }

  var css = [
    ".dvc-chat{--fg:#1a1a1a;--muted:#4a4a4a;--bg:#fff;--bot:#eef2f7;--me:#b71c1c;--me-fg:#fff;--btn:#fff;--btn-fg:#b71c1c;",
    "--line:#8a94a3;--officer:#2e7d32;--focus:#1565c0;",
    "font-family:system-ui,'Segoe UI',Roboto,Arial,sans-serif;font-size:17px;line-height:1.45;color:var(--fg);background:var(--bg);",
    "display:flex;flex-direction:column;border:1px solid var(--line);border-radius:12px;overflow:hidden;height:70vh;min-height:380px;box-sizing:border-box}",
    ".dvc-chat *{box-sizing:border-box}",
    ".dvc-chat.dvc-large{font-size:22px}",
    ".dvc-chat.dvc-contrast{--fg:#fff;--muted:#fff;--bg:#000;--bot:#1b1b1b;--me:#ffd400;--me-fg:#000;--btn:#000;--btn-fg:#ffd400;--line:#fff;--officer:#7CFC00;--focus:#00e5ff}",
    ".dvc-floating{position:fixed;right:12px;bottom:80px;width:min(420px,calc(100vw - 24px));height:min(640px,calc(100vh - 100px));z-index:2147483000;box-shadow:0 6px 24px rgba(0,0,0,.25)}",
    ".dvc-floating[hidden]{display:none}",
    "@media (max-width:520px){.dvc-floating{right:0;bottom:0;width:100vw;height:100vh;height:100dvh;border-radius:0}}",
    ".dvc-launcher{position:fixed;right:12px;bottom:12px;z-index:2147483000;font:600 17px system-ui,'Segoe UI',Roboto,Arial,sans-serif;",
    "min-height:52px;padding:12px 18px;border:0;border-radius:26px;background:#b71c1c;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.3)}",
    ".dvc-launcher:focus-visible{outline:3px solid #1565c0;outline-offset:3px}",
    ".dvc-head{display:flex;align-items:center;gap:6px;padding:6px 8px;border-bottom:1px solid var(--line);flex-wrap:wrap}",
    ".dvc-title{font-weight:700;margin:0 auto 0 4px;font-size:1em}",
    ".dvc-head button{font-size:.8em;min-height:36px;padding:6px 10px;border:1px solid var(--line);border-radius:8px;background:var(--btn);color:var(--fg);cursor:pointer}",
    ".dvc-head button[aria-pressed=true]{background:var(--fg);color:var(--bg)}",
    ".dvc-log{flex:1;overflow-y:auto;padding:10px;display:flex;flex-direction:column;gap:8px}",
    ".dvc-msg{max-width:88%;padding:9px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".dvc-bot{background:var(--bot);align-self:flex-start}",
    ".dvc-me{background:var(--me);color:var(--me-fg);align-self:flex-end}",
    ".dvc-officer{background:var(--bot);align-self:flex-start;border-left:5px solid var(--officer)}",
    ".dvc-notice{background:var(--bot);align-self:flex-start;border-left:5px solid var(--btn-fg)}",
    ".dvc-who{display:block;font-size:.8em;font-weight:700;color:var(--muted)}",
    ".dvc-buttons{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start;max-width:100%}",
    ".dvc-buttons button{font-size:.95em;min-height:44px;padding:8px 14px;border:2px solid var(--btn-fg);border-radius:22px;background:var(--btn);color:var(--btn-fg);cursor:pointer;text-align:left}",
    ".dvc-buttons button:disabled{opacity:.55;cursor:default}",
    ".dvc-chat button:focus-visible,.dvc-chat input:focus-visible,.dvc-chat a:focus-visible{outline:3px solid var(--focus);outline-offset:2px}",
    ".dvc-form{display:flex;gap:6px;padding:8px;border-top:1px solid var(--line)}",
    ".dvc-form input{flex:1;min-width:0;font-size:1em;padding:10px;border:1px solid var(--line);border-radius:10px;background:var(--bg);color:var(--fg)}",
    ".dvc-form button{font-size:1em;min-width:64px;min-height:44px;border:0;border-radius:10px;background:var(--me);color:var(--me-fg);cursor:pointer}",
    ".dvc-msg a{color:inherit;text-decoration:underline}",
    ".dvc-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    ".dvc-status{font-size:.8em;color:var(--muted);padding:0 10px}"
  ].join("");
  var style = document.createElement("style");
  style.textContent = css;
  document.head.appendChild(style);

  var root = document.createElement("section");
  root.className = "dvc-chat" + (inline ? "" : " dvc-floating");
  root.id = "dvc-chat";
  root.setAttribute("aria-label", "Trò chuyện với trợ lý dịch vụ công");
  root.innerHTML =
    '<div class="dvc-head">' +
    '<h2 class="dvc-title">Trợ lý dịch vụ công</h2>' +
    '<button type="button" data-act="large" aria-pressed="false">Chữ to</button>' +
    '<button type="button" data-act="contrast" aria-pressed="false">Tương phản cao</button>' +
    '<button type="button" data-act="human">Gặp cán bộ</button>' +
    (inline ? "" : '<button type="button" data-act="close" aria-label="Đóng khung trò chuyện">Đóng</button>') +
    "</div>" +
    '<div class="dvc-log" role="log" aria-live="polite" aria-relevant="additions" tabindex="0" aria-label="Nội dung trò chuyện"></div>' +
    '<div class="dvc-status" aria-live="polite"></div>' +
    '<form class="dvc-form"><label class="dvc-sr" for="dvc-input">Câu hỏi của anh/chị</label>' +
    '<input id="dvc-input" autocomplete="off" maxlength="2000" enterkeyhint="send" placeholder="Nhập câu hỏi, ví dụ: làm giấy khai sinh cần gì">' +
    '<button type="submit">Gửi</button></form>';
  var log = root.querySelector(".dvc-log");
  var status = root.querySelector(".dvc-status");
  var form = root.querySelector("form");
  var input = root.querySelector("input");
  var launcher = null;
  var shownOutbox = {};
  var history = [];

  function remember(entry) {
    history.push(entry);
    if (history.length > 60) history = history.slice(-60);
    safeSet(sessionStorage, historyKey + ":" + senderId, JSON.stringify(history));
  }

  function add(kind, text, who, keep) {
    var div = document.createElement("div");
    div.className = "dvc-msg dvc-" + kind;
    if (who) {
      var label = document.createElement("span");
      label.className = "dvc-who";
      label.textContent = who;
      div.appendChild(label);
    }
    div.appendChild(document.createTextNode(text));
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    if (keep !== false && text) remember({ kind: kind, text: text, who: who || "" });
    return div;
  }

  function safeUrl(url) {
    try {
      var parsed = new URL(url, api + "/");
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (e) { return null; }
  }

  function addLink(url, label) {
    var href = safeUrl(url);
    if (!href) return;
    var div = add("bot", "", null, false);
    var a = document.createElement("a");
    a.href = href; a.target = "_blank"; a.rel = "noopener"; a.textContent = label || href;
    div.appendChild(a);
  }

  function addButtons(buttons) {
    var box = document.createElement("div");
    box.className = "dvc-buttons";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Lựa chọn");
    buttons.forEach(function (b) {
      var btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = b.title;
      btn.addEventListener("click", function () {
        Array.prototype.forEach.call(box.querySelectorAll("button"), function (x) { x.disabled = true; });
        send(b.payload, b.title);
        input.focus();
      });
      box.appendChild(btn);
    });
    log.appendChild(box);
    log.scrollTop = log.scrollHeight;
  }

  function render(messages) {
    messages.forEach(function (m) {
      var officer = m.from === "officer";
      var notice = !officer && (m.kind === "status_notification" || m.from === "system");
      if (m.text) add(officer ? "officer" : notice ? "notice" : "bot", m.text, officer ? "Cán bộ" : notice ? "Thông báo" : null);
      if (m.link) addLink(m.link);
      if (m.attachment) addLink(m.attachment, "Tải tệp đính kèm");
      if (m.buttons && m.buttons.length) addButtons(m.buttons);
    });
  }

  function post(payload) {
    var headers = { "Content-Type": "application/json" };
    if (sessionToken) headers["X-Session-Token"] = sessionToken;
    return fetch(api + "/api/v1/chat", {
      method: "POST",
      headers: headers,
      body: JSON.stringify({ sender_id: senderId, text: payload })
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, status: r.status, body: body }; });
    });
  }

  function send(payload, shown) {
    add("me", shown || payload);
    var waiting = add("bot", "…", null, false);
    waiting.setAttribute("aria-label", "Trợ lý đang trả lời");
    return post(payload).then(function (res) {
      if (res.status === 401) {  // the session is gone (e.g. the server's key changed): start afresh
        newConversation();
        return post(payload);
      }
      return res;
    }).then(function (res) {
      waiting.remove();
      if (res.ok && res.body && res.body.session_token) {
        var fresh = !sessionToken;
        senderId = res.body.sender_id || senderId;
        sessionToken = res.body.session_token;
        safeSet(localStorage, storageKey, senderId);
        safeSet(localStorage, tokenKey, sessionToken);
        if (window.DvcChat) window.DvcChat.senderId = senderId;
        if (fresh || res.body.queued) connect();   // a kept message's answer comes over the socket
      }
      if (!res.ok) {
        var detail = res.body && typeof res.body.detail === "string" ? res.body.detail : null;
        add("bot", detail || "Dạ, có lỗi xảy ra. Anh/chị thử lại giúp em.");
        return;
      }
      render(res.body.messages || []);
    }).catch(function () {
      waiting.remove();
      add("bot", "Dạ, mất kết nối. Anh/chị kiểm tra mạng rồi gửi lại giúp em.");
    });
  }

  // ---- live officer replies and notifications -------------------------------------------
  var socket = null;
  var retryDelay = 1000;
  var retryTimer = null;

  function connect() {
    if (!sessionToken || socket) return;  // the first message opens the conversation, then the socket
    if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
    var url = api.replace(/^http/, "ws") + "/ws/chat/" + encodeURIComponent(senderId) +
      "?token=" + encodeURIComponent(sessionToken);
    try { socket = new WebSocket(url); } catch (e) { return schedule(); }
    socket.onopen = function () { retryDelay = 1000; status.textContent = ""; };
    socket.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (data.type !== "messages") return;
      var fresh = data.messages.filter(function (m) { return !shownOutbox[m.id]; });
      fresh.forEach(function (m) { shownOutbox[m.id] = true; });
      render(fresh);
      socket.send(JSON.stringify({ type: "ack", ids: data.messages.map(function (m) { return m.id; }) }));
    };
    socket.onclose = function () {
      socket = null;
      status.textContent = "Đang kết nối lại để nhận tin nhắn của cán bộ…";
      schedule();
    };
  }

  function schedule() {
    if (retryTimer) return;
    retryTimer = setTimeout(function () { retryTimer = null; connect(); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  }

  // ---- controls ---------------------------------------------------------------------------
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });

  function setOpen(open) {
    if (inline) return;
    root.hidden = !open;
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    safeSet(sessionStorage, "dvc_open", open ? "1" : "");
    if (open) input.focus(); else launcher.focus();
  }

  root.querySelector(".dvc-head").addEventListener("click", function (e) {
    var act = e.target.getAttribute && e.target.getAttribute("data-act");
    if (act === "large" || act === "contrast") {
      var on = root.classList.toggle("dvc-" + act);
      e.target.setAttribute("aria-pressed", on ? "true" : "false");
      safeSet(localStorage, "dvc_" + act, on ? "1" : "");
      log.scrollTop = log.scrollHeight;   // bigger text: keep the latest messages in view
    } else if (act === "human") {
      send("/request_human", "Gặp cán bộ");
    } else if (act === "close") {
      setOpen(false);
    }
  });
  root.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !inline) setOpen(false);
  });
  ["large", "contrast"].forEach(function (k) {
    if (safeGet(localStorage, "dvc_" + k)) {
      root.classList.add("dvc-" + k);
      root.querySelector('[data-act="' + k + '"]').setAttribute("aria-pressed", "true");
    }
  });

  function restore() {
    var saved;
    try { saved = JSON.parse(safeGet(sessionStorage, historyKey + ":" + senderId) || "[]"); } catch (e) { saved = []; }
    if (!Array.isArray(saved)) saved = [];
    saved.forEach(function (m) { add(m.kind, m.text, m.who || null, false); });
    history = saved;
    return saved.length > 0;
  }

  function mount() {
    if (inline && script && script.parentNode) {
      script.parentNode.insertBefore(root, script.nextSibling);
    } else {
      launcher = document.createElement("button");
      launcher.type = "button";
      launcher.className = "dvc-launcher";
      launcher.textContent = "Hỏi trợ lý dịch vụ công";
      launcher.setAttribute("aria-controls", "dvc-chat");
      launcher.addEventListener("click", function () { setOpen(root.hidden); });
      document.body.appendChild(launcher);
      document.body.appendChild(root);
      root.hidden = !(attr("data-open") === "true" || safeGet(sessionStorage, "dvc_open"));
      launcher.setAttribute("aria-expanded", root.hidden ? "false" : "true");
    }
    if (!restore()) add("bot", "Dạ, em chào anh/chị. Em là trợ lý dịch vụ công. Anh/chị cần hỏi gì ạ?");
    connect();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount); else mount();
  window.DvcChat = { send: send, senderId: senderId, render: render };
})();
