/* Trợ lý dịch vụ công — embeddable web chat.
 * Embed in any page with one tag:
 *   <script src="https://HOST/static/widget.js" defer></script>
 * data-inline="true" renders the chat inside the page instead of a floating bubble.
 * data-api="https://HOST" points to the app when the page is served elsewhere.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var api = (script && script.getAttribute("data-api")) || (script ? new URL(script.src).origin : "");
  var inline = script && script.getAttribute("data-inline") === "true";
  var storageKey = "dvc_sender_id";
  var senderId = localStorage.getItem(storageKey);
  if (!senderId) {
    senderId = "web-" + Math.random().toString(36).slice(2) + Date.now().toString(36);
    localStorage.setItem(storageKey, senderId);
  }

  var css = [
    ".dvc-chat{--fg:#1a1a1a;--bg:#fff;--bot:#eef2f7;--me:#b71c1c;--me-fg:#fff;--btn:#fff;--btn-fg:#b71c1c;--line:#c9d1dc;",
    "font-family:system-ui,'Segoe UI',Roboto,Arial,sans-serif;font-size:17px;color:var(--fg);background:var(--bg);",
    "display:flex;flex-direction:column;border:1px solid var(--line);border-radius:12px;overflow:hidden;height:70vh;min-height:380px}",
    ".dvc-chat.dvc-large{font-size:22px}",
    ".dvc-chat.dvc-contrast{--fg:#fff;--bg:#000;--bot:#1b1b1b;--me:#ffd400;--me-fg:#000;--btn:#000;--btn-fg:#ffd400;--line:#fff}",
    ".dvc-floating{position:fixed;right:12px;bottom:12px;width:min(400px,calc(100vw - 24px));z-index:2147483000}",
    ".dvc-tools{display:flex;gap:6px;padding:6px;border-bottom:1px solid var(--line);flex-wrap:wrap}",
    ".dvc-tools button{font-size:.8em;padding:6px 10px;border:1px solid var(--line);border-radius:8px;background:var(--btn);color:var(--fg);cursor:pointer}",
    ".dvc-log{flex:1;overflow-y:auto;padding:10px;display:flex;flex-direction:column;gap:8px}",
    ".dvc-msg{max-width:85%;padding:9px 12px;border-radius:14px;white-space:pre-wrap;line-height:1.45;word-wrap:break-word}",
    ".dvc-bot{background:var(--bot);align-self:flex-start}",
    ".dvc-me{background:var(--me);color:var(--me-fg);align-self:flex-end}",
    ".dvc-officer{background:var(--bot);align-self:flex-start;border-left:4px solid #2e7d32}",
    ".dvc-buttons{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start}",
    ".dvc-buttons button{font-size:.95em;min-height:44px;padding:8px 14px;border:2px solid var(--btn-fg);border-radius:22px;background:var(--btn);color:var(--btn-fg);cursor:pointer}",
    ".dvc-chat button:focus-visible,.dvc-chat input:focus-visible{outline:3px solid #1565c0;outline-offset:2px}",
    ".dvc-form{display:flex;gap:6px;padding:8px;border-top:1px solid var(--line)}",
    ".dvc-form input{flex:1;font-size:1em;padding:10px;border:1px solid var(--line);border-radius:10px;background:var(--bg);color:var(--fg)}",
    ".dvc-form button{font-size:1em;min-width:64px;min-height:44px;border:0;border-radius:10px;background:var(--me);color:var(--me-fg);cursor:pointer}",
    ".dvc-msg a{color:inherit}"
  ].join("");
  var style = document.createElement("style");
  style.textContent = css;
  document.head.appendChild(style);

  var root = document.createElement("section");
  root.className = "dvc-chat" + (inline ? "" : " dvc-floating");
  root.setAttribute("aria-label", "Trò chuyện với trợ lý dịch vụ công");
  root.innerHTML =
    '<div class="dvc-tools">' +
    '<button type="button" data-act="large" aria-pressed="false">Chữ to</button>' +
    '<button type="button" data-act="contrast" aria-pressed="false">Tương phản cao</button>' +
    '<button type="button" data-act="human">Gặp cán bộ</button></div>' +
    '<div class="dvc-log" role="log" aria-live="polite" aria-relevant="additions"></div>' +
    '<form class="dvc-form"><label class="dvc-sr" for="dvc-input" style="position:absolute;left:-9999px">Tin nhắn</label>' +
    '<input id="dvc-input" autocomplete="off" maxlength="2000" placeholder="Nhập câu hỏi, ví dụ: làm giấy khai sinh cần gì">' +
    '<button type="submit">Gửi</button></form>';
  var log = root.querySelector(".dvc-log");
  var form = root.querySelector("form");
  var input = root.querySelector("input");

  function add(kind, text) {
    var div = document.createElement("div");
    div.className = "dvc-msg dvc-" + kind;
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function addLink(url, label) {
    var div = add("bot", "");
    var a = document.createElement("a");
    a.href = url; a.target = "_blank"; a.rel = "noopener"; a.textContent = label || url;
    div.appendChild(a);
  }

  function addButtons(buttons) {
    var box = document.createElement("div");
    box.className = "dvc-buttons";
    buttons.forEach(function (b) {
      var btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = b.title;
      btn.addEventListener("click", function () { send(b.payload, b.title); });
      box.appendChild(btn);
    });
    log.appendChild(box);
    log.scrollTop = log.scrollHeight;
    var first = box.querySelector("button");
    if (first) first.setAttribute("data-first", "true");
  }

  function render(messages) {
    messages.forEach(function (m) {
      if (m.text) add(m.from === "officer" ? "officer" : "bot", (m.from === "officer" ? "Cán bộ: " : "") + m.text);
      if (m.link) addLink(m.link);
      if (m.attachment) addLink(m.attachment, "Tải tệp đính kèm");
      if (m.buttons && m.buttons.length) addButtons(m.buttons);
    });
  }

  function send(payload, shown) {
    add("me", shown || payload);
    var waiting = add("bot", "…");
    return fetch(api + "/api/v1/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender_id: senderId, text: payload })
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (res) {
      waiting.remove();
      if (!res.ok) { add("bot", (res.body && res.body.detail) || "Dạ, có lỗi xảy ra. Anh/chị thử lại giúp em."); return; }
      render(res.body.messages || []);
    }).catch(function () {
      waiting.remove();
      add("bot", "Dạ, mất kết nối. Anh/chị kiểm tra mạng rồi gửi lại giúp em.");
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
  root.querySelector(".dvc-tools").addEventListener("click", function (e) {
    var act = e.target.getAttribute && e.target.getAttribute("data-act");
    if (act === "large" || act === "contrast") {
      var on = root.classList.toggle("dvc-" + act);
      e.target.setAttribute("aria-pressed", on ? "true" : "false");
      localStorage.setItem("dvc_" + act, on ? "1" : "");
    } else if (act === "human") {
      send("/request_human", "Gặp cán bộ");
    }
  });
  ["large", "contrast"].forEach(function (k) {
    if (localStorage.getItem("dvc_" + k)) {
      root.classList.add("dvc-" + k);
      root.querySelector('[data-act="' + k + '"]').setAttribute("aria-pressed", "true");
    }
  });

  function mount() {
    (inline && script && script.parentNode ? script.parentNode : document.body).appendChild(root);
    add("bot", "Dạ, em chào anh/chị. Em là trợ lý dịch vụ công. Anh/chị cần hỏi gì ạ?");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount); else mount();
  window.DvcChat = { send: send, senderId: senderId, render: render };
})();
