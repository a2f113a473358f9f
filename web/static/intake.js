// Intake: drag-and-drop several files, upload each with its own XHR (progress bar), then poll
// the jobs API until each document is processed ("reading page 2 of 3"); the type found can be
// changed by hand (PATCH /api/documents/{id}). Uses the session cookie + CSRF header.
(function () {
  "use strict";
  var root = document.getElementById("intake");
  if (!root) { return; }
  var csrf = document.querySelector("meta[name=csrf-token]").content;
  var drop = document.getElementById("drop");
  var input = document.getElementById("files");
  var table = document.getElementById("uploads");
  var tbody = table.querySelector("tbody");
  var caseId = root.getAttribute("data-case") || null;
  var creating = null;
  var docTypes = JSON.parse(root.getAttribute("data-doc-types") || "[]");
  var jobText = window.docproc ? window.docproc.jobText : function (j) { return j.state; };

  function caseUrl(id) { return root.getAttribute("data-case-url").replace(/0$/, String(id)); }

  function ensureCase() {
    if (caseId) { return Promise.resolve(caseId); }
    if (creating) { return creating; }
    var ref = document.getElementById("reference");
    creating = fetch(root.getAttribute("data-api-cases"), {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify(ref && ref.value ? {reference: ref.value} : {})
    }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body.error ? body.error.message : r.statusText); }
        caseId = body.id;
        var link = document.getElementById("case-link");
        link.hidden = false;
        link.textContent = "";
        var a = document.createElement("a");
        a.href = caseUrl(caseId);
        a.textContent = "Open case #" + caseId;
        a.id = "open-case";
        link.appendChild(a);
        return caseId;
      });
    });
    return creating;
  }

  function row(file) {
    var tr = document.createElement("tr");
    var name = document.createElement("td"); name.textContent = file.name;
    var up = document.createElement("td"); var bar = document.createElement("progress");
    bar.max = 100; bar.value = 0; up.appendChild(bar);
    var st = document.createElement("td"); st.className = "state"; st.textContent = "waiting";
    var dt = document.createElement("td"); dt.className = "doctype"; dt.textContent = "—";
    tr.append(name, up, st, dt); tbody.appendChild(tr); table.hidden = false;
    return {bar: bar, state: st, doctype: dt};
  }

  function setState(r, state, detail) {
    r.state.textContent = state + (detail ? ": " + detail : "");
    r.state.className = "state state-" + state;
  }

  function showJob(r, j) {
    r.state.textContent = jobText(j);
    r.state.className = "state state-" + j.state;
  }

  // The type found, with a select + button to set it by hand (the API re-extracts the fields).
  function typeControl(r, d) {
    var form = document.createElement("form");
    form.className = "inline doc-type-form";
    var found = document.createElement("b");
    found.className = "found";
    found.textContent = (d.doc_type || "unknown") + (d.doc_type_manual ? " (set by hand)" : "");
    var sel = document.createElement("select");
    sel.name = "doc_type";
    sel.setAttribute("aria-label", "document type of " + d.filename);
    docTypes.forEach(function (t) {
      var o = document.createElement("option");
      o.value = t; o.textContent = t; o.selected = t === (d.doc_type || "unknown");
      sel.appendChild(o);
    });
    var btn = document.createElement("button");
    btn.type = "submit"; btn.textContent = "Set type";
    var msg = document.createElement("small"); msg.className = "muted";
    form.append(found, " ", sel, " ", btn, " ", msg);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      btn.disabled = true;
      fetch("/api/documents/" + d.id, {
        method: "PATCH", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
        body: JSON.stringify({doc_type: sel.value})
      }).then(function (resp) {
        return resp.json().then(function (body) {
          if (!resp.ok) { throw new Error(body.error ? body.error.message : resp.statusText); }
          if (body.reprocessing && body.job) {
            r.doctype.textContent = body.doc_type + " (set by hand), reading again…";
            poll(body.job, r);
          } else {
            found.textContent = body.doc_type + (body.doc_type_manual ? " (set by hand)" : "");
            btn.disabled = false;
          }
        });
      }).catch(function (err) { msg.textContent = err.message; btn.disabled = false; });
    });
    r.doctype.textContent = "";
    r.doctype.appendChild(form);
  }

  function poll(job, r) {
    fetch("/api/jobs/" + job.id, {credentials: "same-origin"}).then(function (resp) {
      return resp.json();
    }).then(function (j) {
      showJob(r, j);
      if ((j.state === "done" || j.state === "failed") && !j.stage) {
        return fetch("/api/documents/" + j.document_id, {credentials: "same-origin"})
          .then(function (resp) { return resp.json(); })
          .then(function (d) { typeControl(r, d); });
      }
      setTimeout(function () { poll(job, r); }, 700);
    }).catch(function () { setTimeout(function () { poll(job, r); }, 2000); });
  }

  function upload(file) {
    var r = row(file);
    ensureCase().then(function (id) {
      var form = new FormData(); form.append("file", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/cases/" + id + "/documents");
      xhr.withCredentials = true;
      xhr.setRequestHeader("X-CSRFToken", csrf);
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) { r.bar.value = Math.round(100 * e.loaded / e.total); }
      };
      xhr.onload = function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (err) { body = {}; }
        if (xhr.status !== 202) {
          setState(r, "failed", body.error ? body.error.message : ("HTTP " + xhr.status));
          return;
        }
        r.bar.value = 100;
        var job = body.jobs[0];
        setState(r, job.duplicate ? "duplicate" : job.state);
        poll(job, r);
      };
      xhr.onerror = function () { setState(r, "failed", "network error"); };
      setState(r, "uploading");
      xhr.send(form);
    }).catch(function (err) { setState(r, "failed", err.message); });
  }

  function take(files) { Array.prototype.forEach.call(files, upload); }
  input.addEventListener("change", function () { take(input.files); input.value = ""; });
  ["dragenter", "dragover"].forEach(function (ev) {
    drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (ev) {
    drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) { take(e.dataTransfer.files); });
})();
