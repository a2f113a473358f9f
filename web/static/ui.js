// Small progressive enhancements: page zoom on the finding view, the correct form's field.
(function () {
  "use strict";
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
