/* zhiyin reading comfort on guides, cases and lessons: 朗读 (read aloud with the browser's
   zh-CN voice, current paragraph highlighted) and 专注阅读 (the text alone, with a progress bar).
   Plain ES2017, no dependencies, works from file://. */
(function () {
  "use strict";
  var tools = document.getElementById("reading-tools");
  var content = document.getElementById("content");
  if (!tools || !content) return;
  var html = document.documentElement;
  tools.hidden = false;

  /* ---- 专注阅读 ---- */
  var calmButton = document.getElementById("calm-toggle");
  var bar = document.getElementById("reading-progress");
  var article = document.getElementById("article") || content;

  function updateProgress() {
    if (!bar) return;
    var rect = article.getBoundingClientRect();
    var total = rect.height - window.innerHeight;
    var done = total <= 0 ? 100 : Math.min(100, Math.max(0, Math.round((-rect.top / total) * 100)));
    bar.style.width = done + "%";
    bar.setAttribute("aria-valuenow", String(done));
  }

  function setCalm(on) {
    if (on) html.setAttribute("data-calm", "on");
    else html.removeAttribute("data-calm");
    calmButton.setAttribute("aria-pressed", on ? "true" : "false");
    calmButton.textContent = on ? "退出专注" : "专注阅读";
    if (bar) bar.parentNode.hidden = !on;
    updateProgress();
  }

  if (calmButton) {
    calmButton.addEventListener("click", function () {
      setCalm(html.getAttribute("data-calm") !== "on");
    });
    window.addEventListener("scroll", updateProgress, { passive: true });
    window.addEventListener("resize", updateProgress);
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && html.getAttribute("data-calm") === "on") setCalm(false);
    });
  }

  /* ---- 朗读 ---- */
  var synth = window.speechSynthesis;
  var readButton = document.getElementById("read-aloud");
  var stopButton = document.getElementById("read-stop");
  if (!readButton || !synth || typeof window.SpeechSynthesisUtterance !== "function") return;

  var voice = null;
  var blocks = [];
  var current = -1;
  var state = "idle"; /* idle | speaking | paused */

  function chineseVoice() {
    var voices = synth.getVoices() || [];
    var best = null;
    for (var i = 0; i < voices.length; i++) {
      var lang = (voices[i].lang || "").replace("_", "-").toLowerCase();
      if (lang === "zh-cn" || lang === "cmn-cn" || lang === "zh-hans-cn") return voices[i];
      if (!best && (lang === "zh" || lang.indexOf("zh-") === 0 || lang.indexOf("cmn") === 0)) best = voices[i];
    }
    return best;
  }

  function offerIfVoice() {
    voice = chineseVoice();
    /* No Chinese voice: no button at all, rather than one that reads nothing. */
    readButton.hidden = !voice;
  }

  /* The readable blocks of the main text, in order (not quizzes, code or hidden parts). */
  function readableBlocks() {
    var all = content.querySelectorAll("h2, h3, h4, p, li, td, th, dt, dd");
    var out = [];
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      if (el.closest(".quiz, pre, .toc, [hidden]")) continue;
      if (el.tagName === "LI" && el.querySelector("p")) continue; /* its paragraphs are read */
      if (el.tagName === "P" && el.closest("td, th")) continue;
      if (!el.textContent.trim()) continue;
      out.push(el);
    }
    return out;
  }

  function mark(i) {
    for (var k = 0; k < blocks.length; k++) blocks[k].classList.remove("reading-now");
    if (i >= 0 && i < blocks.length) {
      blocks[i].classList.add("reading-now");
      if (blocks[i].scrollIntoView) blocks[i].scrollIntoView({ block: "center", behavior: "smooth" });
    }
  }

  function render() {
    readButton.textContent = state === "speaking" ? "暂停朗读" : state === "paused" ? "继续朗读" : "朗读";
    readButton.setAttribute("aria-pressed", state === "idle" ? "false" : "true");
    if (stopButton) stopButton.hidden = state === "idle";
  }

  function speak(i) {
    if (i >= blocks.length) {
      stop();
      return;
    }
    current = i;
    mark(i);
    /* One utterance per paragraph: long utterances stall in some browsers. */
    var u = new window.SpeechSynthesisUtterance(blocks[i].textContent.trim());
    u.lang = "zh-CN";
    if (voice) u.voice = voice;
    u.rate = 0.9;
    u.onend = function () {
      if (state === "speaking" && current === i) speak(i + 1);
    };
    synth.speak(u);
  }

  function stop() {
    state = "idle";
    current = -1;
    synth.cancel();
    mark(-1);
    render();
  }

  readButton.addEventListener("click", function () {
    if (state === "idle") {
      blocks = readableBlocks();
      state = "speaking";
      render();
      speak(0);
    } else if (state === "speaking") {
      state = "paused";
      synth.pause();
      render();
    } else {
      state = "speaking";
      synth.resume();
      render();
    }
  });
  if (stopButton) stopButton.addEventListener("click", stop);
  window.addEventListener("pagehide", function () { synth.cancel(); });

  offerIfVoice();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", offerIfVoice);
  else synth.onvoiceschanged = offerIfVoice;
  render();
})();
