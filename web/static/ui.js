// Small progressive enhancements: page zoom on the finding view, the correct form's field,
// live processing state of a case's documents ("reading page 2 of 3").
(function () {
  "use strict";
  // The words for a job of GET /api/jobs/{id}; intake.js uses them too.
  function jobText(j) {
    if (j.state === "running") {
      if (j.stage === "reading" && j.pages_total) {
        return "reading page " + Math.min((j.pages_done || 0) + 1, j.pages_total) +
          " of " + j.pages_total;
      }
      return j.stage === "extracting" ? "extracting fields" : "reading";
    }
    if (j.state === "done" && j.stage === "checking") { return "done, checking the case"; }
    if (j.state === "failed") { return "failed" + (j.error ? ": " + j.error : ""); }
    return j.state;
  }
  window.docproc = {jobText: jobText};

  var live = document.querySelectorAll("[data-job]");
  var pending = live.length;
  function follow(el) {
    fetch("/api/jobs/" + el.getAttribute("data-job"), {credentials: "same-origin"})
      .then(function (resp) { return resp.json(); })
      .then(function (j) {
        el.textContent = jobText(j);
        if ((j.state === "done" || j.state === "failed") && !j.stage) {
          pending -= 1;
          if (pending === 0) {
            var note = document.getElementById("reload-note");
            if (note) { note.hidden = false; }
          }
          return;
        }
        setTimeout(function () { follow(el); }, 700);
      })
      .catch(function () { setTimeout(function () { follow(el); }, 2000); });
  }
  Array.prototype.forEach.call(live, follow);

  var panels = document.getElementById("panels");
  var bar = document.querySelector(".zoom-bar");
  if (panels && bar) {
    var levels = [100, 150, 200, 300, 400], i = 0;
    bar.hidden = false;
    var apply = function () {
      panels.style.setProperty("--zoom", levels[i] + "%");
      if (document.getElementById("zoom-to-box").checked) {
        panels.querySelectorAll(".page").forEach(function (page) {
          var box = page.querySelector(".box");
          if (box) {
            var sc = page.parentElement;
            sc.scrollLeft = box.offsetLeft - sc.clientWidth / 2 + box.offsetWidth / 2;
            sc.scrollTop = box.offsetTop - sc.clientHeight / 2 + box.offsetHeight / 2;
          }
        });
      }
    };
    bar.addEventListener("click", function (e) {
      var z = e.target.getAttribute && e.target.getAttribute("data-zoom");
      if (z === null || z === undefined) { return; }
      i = z === "0" ? 0 : Math.max(0, Math.min(levels.length - 1, i + Number(z)));
      apply();
    });
    document.getElementById("zoom-to-box").checked = true;
    document.getElementById("zoom-to-box").addEventListener("change", apply);
  }
  var correct = document.getElementById("correct");
  if (correct) {
    var sel = correct.querySelector("select[name=document_id]");
    var path = correct.querySelector("input[name=path]");
    sel.addEventListener("change", function () {
      var p = sel.options[sel.selectedIndex].getAttribute("data-path");
      if (p) { path.value = p; }
    });
  }
})();
