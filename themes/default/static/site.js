/* zhiyin site script: storage, dark mode, large text. Plain ES2017, no dependencies, works from file://. */
(function () {
  "use strict";
  var body = document.body;
  var html = document.documentElement;
  var siteId = body.getAttribute("data-site") || "zhiyin";
  var Zhiyin = (window.Zhiyin = window.Zhiyin || {});

  function showStorageWarning(text) {
    var box = document.getElementById("storage-warning");
    if (!box) return;
    box.textContent = text;
    box.hidden = false;
  }

  function rawStorage() {
    try {
      var s = window.localStorage;
      var probe = "zhiyin:probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null;
    }
  }

  var local = rawStorage();
  var memory = {};

  /* Learner data lives under "zhiyin:<site>:<profile>:<key>". The profile module
     (progress.js) sets Zhiyin.currentProfile; before any profile exists it is "guest". */
  function fullKey(key) {
    var profile = Zhiyin.currentProfile ? Zhiyin.currentProfile() : "guest";
    return "zhiyin:" + siteId + ":" + profile + ":" + key;
  }

  Zhiyin.storage = {
    available: !!local,
    get: function (key) {
      var k = fullKey(key);
      var raw = local ? local.getItem(k) : memory[k];
      if (raw == null) return null;
      try {
        return JSON.parse(raw);
      } catch (e) {
        return null;
      }
    },
    set: function (key, value) {
      var k = fullKey(key);
      var raw = JSON.stringify(value);
      if (!local) {
        memory[k] = raw;
        showStorageWarning("这个浏览器不能保存学习记录（可能是无痕模式或禁用了存储）。本次学习的记录在关闭页面后会丢失，请及时导出。");
        return false;
      }
      try {
        local.setItem(k, raw);
        return true;
      } catch (e) {
        memory[k] = raw;
        showStorageWarning("浏览器存储空间已满，刚才的学习记录没有保存。请先导出学习记录，再删除不用的学习者档案。");
        return false;
      }
    },
    remove: function (key) {
      var k = fullKey(key);
      delete memory[k];
      if (local) local.removeItem(k);
    },
    /* Settings shared by everyone on this browser (not per learner). */
    getShared: function (key) {
      try {
        return local ? local.getItem("zhiyin:" + key) : null;
      } catch (e) {
        return null;
      }
    },
    /* Returns false when it could not be stored (progress.js then warns about the profile list). */
    setShared: function (key, value) {
      try {
        if (local) {
          local.setItem("zhiyin:" + key, value);
          return true;
        }
      } catch (e) {
        /* a setting that cannot be stored simply is not remembered */
      }
      return false;
    }
  };

  function setupToggle(id, isOn, apply, labels) {
    var button = document.getElementById(id);
    if (!button) return;
    function render() {
      var on = isOn();
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? labels[1] : labels[0];
    }
    button.addEventListener("click", function () {
      apply(!isOn());
      render();
    });
    render();
  }

  setupToggle(
    "theme-toggle",
    function () { return html.getAttribute("data-theme") === "dark"; },
    function (dark) {
      if (dark) html.setAttribute("data-theme", "dark");
      else html.removeAttribute("data-theme");
      Zhiyin.storage.setShared("theme", dark ? "dark" : "light");
    },
    ["深色", "浅色"]
  );

  var textSizeKey = siteId + ":textsize";
  setupToggle(
    "text-size-toggle",
    function () { return html.getAttribute("data-text") === "large"; },
    function (large) {
      if (large) html.setAttribute("data-text", "large");
      else html.removeAttribute("data-text");
      /* Remembered per learner once a profile is chosen, else for this browser. */
      var value = large ? "large" : "normal";
      if (Zhiyin.currentProfile && Zhiyin.currentProfile() !== "guest") Zhiyin.storage.set("textsize", value);
      else Zhiyin.storage.setShared(textSizeKey, value);
    },
    ["大字", "标准字"]
  );

  /* Follow the system's dark mode while the reader has not chosen one. */
  if (window.matchMedia && !Zhiyin.storage.getShared("theme")) {
    var mq = window.matchMedia("(prefers-color-scheme: dark)");
    var follow = function () {
      if (mq.matches) html.setAttribute("data-theme", "dark");
      else html.removeAttribute("data-theme");
    };
    if (mq.addEventListener) mq.addEventListener("change", follow);
  }

  /* Search (assets/search.js, ~24 KB) loads on first use, not with every page: when the
     reader goes to the search box, or arrives from a search hit (?hl=) to be shown the match.
     The search page loads it itself. */
  var root = body.getAttribute("data-root") || "";
  /* The element the #fragment names, or null: none, or a malformed one (decoding throws). */
  Zhiyin.hashTarget = function () {
    try {
      return document.getElementById(decodeURIComponent(location.hash.slice(1)));
    } catch (e) {
      return null;
    }
  };
  function addScript(name) {
    var script = document.createElement("script");
    script.src = root + "assets/" + name;
    document.body.appendChild(script);
    return script;
  }
  function addStyle(name) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = root + "assets/" + name;
    document.head.appendChild(link);
  }
  var searchBox = document.getElementById("site-search-input");
  var searchLoaded = false;
  function loadSearch() {
    if (searchLoaded || body.getAttribute("data-kind") === "search") return;
    searchLoaded = true;
    addStyle("search.css");
    addScript("search.js");
  }
  if (searchBox) {
    searchBox.addEventListener("focus", loadSearch);
    searchBox.addEventListener("pointerdown", loadSearch);
  }
  if (/[?&]hl=/.test(location.search)) loadSearch();

  /* Quizzes (assets/quiz.js, ~14 KB) load when one comes within two screens of the view,
     or at once when the page is opened at a quiz (#quiz-…) or the reader reaches into it
     by keyboard or touch before that. The quiz markup reads as a plain list until then. */
  var quizzes = document.querySelectorAll(".quiz");
  var quizLoaded = false;
  function loadQuiz() {
    if (quizLoaded) return;
    quizLoaded = true;
    addStyle("quiz.css");
    addScript("quiz.js");
  }
  /* search.js, marking a match inside a quiz, has the quizzes laid out first. */
  Zhiyin.loadQuiz = loadQuiz;
  function watchQuizzes() {
    var target = Zhiyin.hashTarget();
    if (!("IntersectionObserver" in window) || (target && target.closest && target.closest(".quiz"))) loadQuiz();
    else {
      var seen = new IntersectionObserver(function (entries) {
        for (var i = 0; i < entries.length; i++) {
          if (entries[i].isIntersecting) { seen.disconnect(); loadQuiz(); return; }
        }
      }, { rootMargin: "200% 0px" });
      for (var q = 0; q < quizzes.length; q++) {
        seen.observe(quizzes[q]);
        quizzes[q].addEventListener("focusin", loadQuiz);
        quizzes[q].addEventListener("pointerdown", loadQuiz);
      }
    }
  }
  /* After the deferred scripts (site-data.js, progress.js) that quiz.js talks to have run. */
  if (quizzes.length) document.addEventListener("DOMContentLoaded", watchQuizzes);

  /* 朗读 and 专注阅读 (assets/reading.js) load on the first press of their button; here only
     the buttons are shown, 朗读 only when the browser has a Chinese voice. */
  var readingTools = document.getElementById("reading-tools");
  if (readingTools && document.getElementById("content")) {
    readingTools.hidden = false;
    var readButton = document.getElementById("read-aloud");
    var calmButton = document.getElementById("calm-toggle");
    var readingLoaded = false;
    var loadReading = function (e) {
      if (readingLoaded) return;
      readingLoaded = true;
      var pressed = e.currentTarget;
      e.preventDefault();
      e.stopImmediatePropagation();
      addScript("reading.js").onload = function () { pressed.click(); };
    };
    if (calmButton) calmButton.addEventListener("click", loadReading);
    var synth = window.speechSynthesis;
    if (readButton && synth && typeof window.SpeechSynthesisUtterance === "function") {
      readButton.addEventListener("click", loadReading);
      var offerVoice = function () {
        var voices = synth.getVoices() || [];
        var zh = false;
        for (var v = 0; v < voices.length; v++) {
          var lang = (voices[v].lang || "").replace("_", "-").toLowerCase();
          if (lang === "zh" || lang.indexOf("zh-") === 0 || lang.indexOf("cmn") === 0) zh = true;
        }
        if (!readingLoaded) readButton.hidden = !zh;
      };
      offerVoice();
      if (synth.addEventListener) synth.addEventListener("voiceschanged", offerVoice);
    }
  }

  /* On a wide screen the course outline is always open. */
  var outline = document.querySelector(".course-outline details");
  if (outline && window.matchMedia && window.matchMedia("(min-width: 60rem)").matches) outline.open = true;
})();

/* Offline after the first visit (docs/package.md): the service worker sw.js at the site root
   caches the whole site. Only over http(s) — never from file:// — and neither under
   `zhiyin serve` (live reload) nor inside a SCORM package. */
(function () {
  "use strict";
  if (location.protocol !== "http:" && location.protocol !== "https:") return;
  if (!("serviceWorker" in navigator) || document.querySelector("script[data-zhiyin-scorm]")) return;
  var sw = navigator.serviceWorker;
  if (window.__zhiyinLive) {
    /* A worker left by an earlier static serving of this address would hide live edits. */
    if (sw.getRegistrations) {
      sw.getRegistrations().then(function (regs) {
        regs.forEach(function (r) { r.unregister(); });
      }).catch(function () {});
    }
    return;
  }
  sw.register((document.body.getAttribute("data-root") || "") + "sw.js").catch(function () {
    /* no offline copy: the site still works online */
  });
})();
