/* The unanswered-questions desk: items grouped by similar wording; label, alias, dismiss; export. */
(function () {
  "use strict";
  var R = window.review, el = R.el;
  var REASONS = { fallback: "Không hiểu", low_confidence: "Hiểu chưa chắc", negative_feedback: "\"Chưa đúng\"",
                  handoff_after_failure: "Chuyển cán bộ sau khi không hiểu", denied_procedure: "Công dân nói sai thủ tục" };
  var AUTHORS = { citizen: "Công dân", bot: "Trợ lý", officer: "Cán bộ", system: "Hệ thống" };
  var intents = [];

  function when(iso) { return new Date(iso).toLocaleString("vi-VN"); }

  function procedurePicker(onPick) {
    var input = el("input", { type: "search", placeholder: "Tìm thủ tục (vd: khai sinh)", "aria-label": "Tìm thủ tục" });
    var hits = el("ul", { class: "hits" });
    var chosen = el("span", { class: "chosen" });
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) { hits.textContent = ""; return; }
      timer = setTimeout(function () {
        R.call("GET", "/api/v1/procedures/search?limit=8&q=" + encodeURIComponent(q)).then(function (list) {
          hits.textContent = "";
          list.forEach(function (hit) {
            var b = el("button", { type: "button", text: hit.code + " — " + hit.name, "data-code": hit.code });
            b.addEventListener("click", function () {
              onPick(hit.code); chosen.textContent = "Đã chọn: " + hit.code + " — " + hit.name; hits.textContent = "";
            });
            hits.appendChild(el("li", {}, [b]));
          });
        }).catch(function () { hits.textContent = ""; });
      }, 250);
    });
    return el("div", { class: "picker" }, [input, chosen, hits]);
  }

  function itemCard(item) {
    var state = { code: null };
    var context = el("ul", { class: "context" });
    (item.conversation || []).forEach(function (m) {
      context.appendChild(el("li", { class: m.this_turn ? "this" : "" },
        [el("span", { class: "who", text: AUTHORS[m.author] || m.author }), document.createTextNode(m.text || "")]));
    });
    var intent = el("select", { "aria-label": "Ý định" });
    intent.appendChild(el("option", { value: "", text: "— ý định —" }));
    intents.forEach(function (name) { intent.appendChild(el("option", { value: name, text: name })); });
    var none = el("input", { type: "checkbox", "aria-label": "Không có thủ tục" });
    var whole = el("input", { type: "checkbox", "aria-label": "Cả nhóm" });
    var message = el("p", { class: "error", role: "alert" });
    var card = el("article", { class: "card desk-item", "data-id": String(item.id) }, [
      el("div", { class: "head" }, [
        el("span", { class: "reason", text: REASONS[item.reason] || item.reason }),
        el("span", { class: "muted", text: when(item.created_at) + " · " + item.channel + " · " + item.sender_id })]),
      el("div", { class: "wording", text: item.text }),
      item.comment ? el("div", { class: "muted", text: "Góp ý: " + item.comment }) : null,
      el("details", {}, [el("summary", { text: "Cuộc trò chuyện" }), context]),
      procedurePicker(function (code) { state.code = code; none.checked = false; }),
      el("div", { class: "actions" }, [intent,
        el("label", {}, [none, document.createTextNode(" Không có thủ tục")]),
        el("label", {}, [whole, document.createTextNode(" Cả nhóm")])]),
      el("div", { class: "actions" }, [
        button("Gắn nhãn", "label", function () {
          return R.call("POST", "/api/v1/desk/" + item.id + "/label", { intent: intent.value || null,
            procedure_code: none.checked ? null : state.code, no_procedure: none.checked, similar_too: whole.checked });
        }),
        button("Thêm làm cách nói của thủ tục", "alias", function () {
          if (!state.code) return Promise.reject(new Error("Chọn thủ tục trước."));
          return R.call("POST", "/api/v1/desk/" + item.id + "/alias", { procedure_code: state.code });
        }),
        button("Bỏ qua", "dismiss", function () { return R.call("POST", "/api/v1/desk/" + item.id + "/dismiss"); })]),
      message]);
    function button(title, name, action) {
      var b = el("button", { type: "button", text: title, "data-action": name });
      b.addEventListener("click", function () {
        message.textContent = "";
        action().then(load).catch(function (e) { message.textContent = e.message; });
      });
      return b;
    }
    return card;
  }

  function showBatches(data, supervisor) {
    document.getElementById("pending").textContent = "Chờ xuất: " + data.pending_labels + " nhãn, " +
      data.pending_aliases + " cách nói.";
    document.getElementById("export").hidden = !supervisor;
    var body = document.getElementById("batches");
    body.textContent = "";
    data.batches.forEach(function (b) {
      body.appendChild(el("tr", {}, [el("td", { text: b.name }), el("td", { text: String(b.examples) }),
        el("td", { text: String(b.aliases) }),
        el("td", { class: "batch " + (b.in_current_model ? "in" : "out"),
                   text: b.in_current_model ? "Có" : "Chưa (cần make train)" })]));
    });
  }

  function load() {
    return R.call("GET", "/api/v1/desk").then(function (desk) {
      document.getElementById("summary").textContent = desk.total + " câu hỏi đang chờ, " + desk.groups.length + " nhóm.";
      var holder = document.getElementById("groups");
      holder.textContent = "";
      var byId = {};
      desk.items.forEach(function (item) { byId[item.id] = item; });
      desk.groups.forEach(function (g) {
        var section = el("section", { class: "group", "data-group": String(g.group) },
          [el("h2", { text: "“" + g.text + "” · " + g.count + " lần" })]);
        g.item_ids.forEach(function (id) { section.appendChild(itemCard(byId[id])); });
        holder.appendChild(section);
      });
      return R.call("GET", "/api/v1/desk/batches").then(function (b) { showBatches(b, desk.supervisor); });
    });
  }

  R.start(function () {
    document.getElementById("export").addEventListener("click", function () {
      var out = document.getElementById("export-result");
      R.call("POST", "/api/v1/desk/export").then(function (r) {
        out.textContent = "Đã xuất đợt " + r.batch + ": " + r.examples + " câu mẫu, " + r.aliases + " cách nói. " +
          "Xem lại trong git rồi chạy make train.";
        return load();
      }).catch(function (e) { out.textContent = e.message; });
    });
    R.call("GET", "/api/v1/desk/intents").then(function (list) { intents = list; return load(); });
  });
})();
