/* unspun HTML report: shows the annotations under a clicked or focused
   highlight in the details panel. Reads only the page's own elements (the
   data-a attributes of the marks and the list of annotations); it never
   builds HTML from strings. */
(function () {
  "use strict";
  var doc = document;
  var panel = doc.getElementById("panel");
  var body = doc.getElementById("panel-body");
  var closer = doc.getElementById("panel-close");
  var text = doc.getElementById("text");
  if (!panel || !body || !text) {
    return;
  }
  doc.documentElement.classList.add("js");
  var lit = [];

  function el(tag, cls, content) {
    var e = doc.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (content !== undefined) {
      e.textContent = content;
    }
    return e;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  function unlight() {
    for (var i = 0; i < lit.length; i++) {
      lit[i].classList.remove("on");
    }
    lit = [];
  }

  function light(id) {
    var all = text.querySelectorAll('mark[data-a="' + id + '"]');
    for (var i = 0; i < all.length; i++) {
      all[i].classList.add("on");
      lit.push(all[i]);
    }
  }

  function closePanel() {
    panel.classList.remove("open");
    unlight();
  }

  function sentenceOf(node) {
    var s = node.closest ? node.closest("[data-sentence]") : null;
    return s && text.contains(s) ? s : null;
  }

  function sentenceLine(node) {
    var s = sentenceOf(node);
    if (!s) {
      return null;
    }
    var n = parseInt(s.getAttribute("data-sentence"), 10);
    var p = s.closest("[data-paragraph]");
    var line = "Sentence " + (n + 1);
    if (p) {
      line += ", paragraph " + (parseInt(p.getAttribute("data-paragraph"), 10) + 1);
    }
    return el("p", "sentence-info", line);
  }

  function showMarks(mark) {
    var ids = [];
    for (var n = mark; n && n !== text; n = n.parentElement) {
      if (n.tagName === "MARK" && n.hasAttribute("data-a")) {
        var id = n.getAttribute("data-a");
        if (/^[0-9]+$/.test(id) && ids.indexOf(id) < 0) {
          ids.push(id);
        }
      }
    }
    unlight();
    clear(body);
    body.appendChild(
      el("p", "here", ids.length === 1 ? "1 annotation covers this passage" : ids.length + " annotations cover this passage")
    );
    var list = el("ol", "ann-list");
    body.appendChild(list);
    for (var i = 0; i < ids.length; i++) {
      var src = doc.getElementById("ann-" + ids[i]);
      if (src) {
        var copy = src.cloneNode(true);
        copy.removeAttribute("id");
        var inner = copy.querySelectorAll("[id]");
        for (var j = 0; j < inner.length; j++) {
          inner[j].removeAttribute("id");
        }
        list.appendChild(copy);
      }
      light(ids[i]);
    }
    var line = sentenceLine(mark);
    if (line) {
      body.appendChild(line);
    }
    panel.classList.add("open");
  }

  function showSentence(node) {
    var line = sentenceLine(node);
    if (!line) {
      return;
    }
    unlight();
    clear(body);
    body.appendChild(el("p", "here", "No annotation here."));
    body.appendChild(line);
    panel.classList.add("open");
  }

  function elementOf(target) {
    return target && target.nodeType === 1 ? target : target && target.parentElement;
  }

  text.addEventListener("click", function (ev) {
    var t = elementOf(ev.target);
    if (!t) {
      return;
    }
    var m = t.closest("mark.m");
    if (m) {
      showMarks(m);
    } else {
      showSentence(t);
    }
  });
  text.addEventListener("focusin", function (ev) {
    var t = elementOf(ev.target);
    if (t && t.tagName === "MARK") {
      showMarks(t);
    }
  });
  doc.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") {
      closePanel();
    }
  });
  if (closer) {
    closer.addEventListener("click", closePanel);
  }

  function goTo(hash) {
    if (!/^#m-[0-9]+$/.test(hash)) {
      return false;
    }
    var m = doc.getElementById(hash.slice(1));
    if (!m) {
      return false;
    }
    m.focus({ preventScroll: true });
    m.scrollIntoView({ block: "center" });
    return true;
  }
  doc.addEventListener("click", function (ev) {
    var t = elementOf(ev.target);
    var a = t && t.closest("a[href^='#m-']");
    if (a && goTo(a.getAttribute("href"))) {
      ev.preventDefault();
    }
  });
  window.addEventListener("hashchange", function () {
    goTo(location.hash);
  });
  window.addEventListener("beforeprint", function () {
    var d = doc.querySelectorAll("details");
    for (var i = 0; i < d.length; i++) {
      d[i].open = true;
    }
  });

  var hint = doc.getElementById("panel-hint");
  if (hint) {
    hint.textContent = "Click a highlighted passage, or move to it with the Tab key, to see here why it was marked. Esc closes.";
  }
  goTo(location.hash);
})();
