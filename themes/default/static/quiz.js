/* zhiyin quiz: turns each quiz list of the page into a form. Plain ES2017, no dependencies,
   works from file://. Answers are checked against salted SHA-256 hashes (see src/quiz);
   the pure core at the top is also loaded by node for tests (tests/js/quiz-core.test.mjs). */
(function () {
  "use strict";

  /* ---------- pure core ---------- */

  var K = [], H0 = [];
  (function () {
    var frac = function (x) { return ((x - Math.floor(x)) * 4294967296) | 0; };
    for (var n = 2; K.length < 64; n++) {
      var prime = true;
      for (var d = 2; d * d <= n; d++) if (n % d === 0) { prime = false; break; }
      if (!prime) continue;
      if (H0.length < 8) H0.push(frac(Math.sqrt(n)));
      K.push(frac(Math.cbrt(n)));
    }
  })();

  /* UTF-8 bytes of a string and back (Annex B escape/unescape: everywhere, including WeChat). */
  function utf8(s) { return bytes(unescape(encodeURIComponent(s))); }
  function bytes(bin) { return bin.split("").map(function (c) { return c.charCodeAt(0); }); }
  function fromUtf8(b) { return decodeURIComponent(escape(String.fromCharCode.apply(null, b))); }

  function sha256(data) {
    var m = data.slice(), bits = data.length * 8, H = H0.slice(), w = [], i, j;
    m.push(0x80);
    while (m.length % 64 !== 56) m.push(0);
    var hi = Math.floor(bits / 4294967296);
    m.push(hi >>> 24, hi >>> 16 & 255, hi >>> 8 & 255, hi & 255, bits >>> 24 & 255, bits >>> 16 & 255, bits >>> 8 & 255, bits & 255);
    var r = function (x, n) { return x >>> n | x << (32 - n); };
    for (i = 0; i < m.length; i += 64) {
      for (j = 0; j < 64; j++) {
        if (j < 16) w[j] = m[i + 4 * j] << 24 | m[i + 4 * j + 1] << 16 | m[i + 4 * j + 2] << 8 | m[i + 4 * j + 3];
        else w[j] = (w[j - 16] + (r(w[j - 15], 7) ^ r(w[j - 15], 18) ^ w[j - 15] >>> 3) + w[j - 7] + (r(w[j - 2], 17) ^ r(w[j - 2], 19) ^ w[j - 2] >>> 10)) | 0;
      }
      var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (j = 0; j < 64; j++) {
        var t1 = (h + (r(e, 6) ^ r(e, 11) ^ r(e, 25)) + (e & f ^ ~e & g) + K[j] + w[j]) | 0;
        var t2 = ((r(a, 2) ^ r(a, 13) ^ r(a, 22)) + (a & b ^ a & c ^ b & c)) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      H = [a, b, c, d, e, f, g, h].map(function (x, k) { return (H[k] + x) | 0; });
    }
    var out = [];
    H.forEach(function (x) { out.push(x >>> 24, x >>> 16 & 255, x >>> 8 & 255, x & 255); });
    return out;
  }

  function sha256Hex(s) {
    return sha256(utf8(s)).map(function (x) { return (x < 16 ? "0" : "") + x.toString(16); }).join("");
  }

  /* Same rules as src/quiz/protect.rs `normalize_fill`; whitespace is exactly JS's \s. */
  var SPACES = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/;
  function normalizeFill(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      out += c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : c === 0x3000 ? " " : s.charAt(i);
    }
    return out.toLowerCase().split(SPACES).filter(Boolean).join(" ");
  }

  function answerHash(salt, canonical) { return sha256Hex(salt + ":" + canonical); }

  function canonical(type, given) {
    if (type === "fill") return normalizeFill(String(given));
    if (type === "truefalse") return given ? "true" : "false";
    if (type === "multiple") return given.slice().sort(function (a, b) { return a - b; }).join(",");
    if (type === "order") return given.join(",");
    return String(given);
  }

  /* Inverse of src/quiz/protect.rs `obfuscate`: XOR with SHA-256("key:" + salt + ":" + i) blocks. */
  function deobfuscate(salt, b64) {
    var data = bytes(atob(b64)), key = [];
    for (var i = 0; i < data.length; i++) {
      if (i % 32 === 0) key = sha256(utf8("key:" + salt + ":" + i / 32));
      data[i] ^= key[i % 32];
    }
    return fromUtf8(data);
  }

  /* Seeded random numbers (mulberry32): the same seed gives the same shuffle. */
  function random(seed) {
    var t = seed >>> 0;
    return function () {
      t = (t + 0x6d2b79f5) | 0;
      var x = Math.imul(t ^ t >>> 15, 1 | t);
      x = (x + Math.imul(x ^ x >>> 7, 61 | x)) ^ x;
      return ((x ^ x >>> 14) >>> 0) / 4294967296;
    };
  }

  function shuffled(list, rand) {
    var a = list.slice();
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(rand() * (i + 1)), t = a[i];
      a[i] = a[j]; a[j] = t;
    }
    return a;
  }

  /* Score in whole percent (rounded down, so a shown score never passes by rounding). */
  function score(correct, total, passMark) {
    var exact = total ? correct * 100 / total : 0;
    return { score: Math.floor(exact + 1e-9), passed: exact + 1e-9 >= passMark, correct: correct, total: total };
  }

  /* The stored record of a quiz after one more attempt. */
  function record(prev, attempt) {
    prev = prev || {};
    var best = prev.best && prev.best.score >= attempt.score ? prev.best : attempt;
    var history = (prev.history || []).concat([{ time: attempt.time, score: attempt.score, passed: attempt.passed }]).slice(-20);
    return { best: best, latest: attempt, attempts: (prev.attempts || 0) + 1, history: history };
  }

  var core = {
    sha256Hex: sha256Hex, normalizeFill: normalizeFill, answerHash: answerHash, canonical: canonical,
    deobfuscate: deobfuscate, random: random, shuffled: shuffled, score: score, record: record
  };

  /* ---------- the page ---------- */

  var memory = {}, fallback = {
    get: function (k) { return k in memory ? JSON.parse(memory[k]) : null; },
    set: function (k, v) { memory[k] = JSON.stringify(v); return true; }
  };
  function store() {
    var z = window.Zhiyin && window.Zhiyin.storage;
    return z && z.get && z.set ? z : fallback;
  }

  function el(tag, cls, text, parent) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function button(cls, text, parent, click) {
    var b = el("button", cls, text, parent);
    b.type = "button";
    b.onclick = click;
    return b;
  }
  var all = function (root, sel) { return [].slice.call(root.querySelectorAll(sel)); };
  var textOf = function (x) { return x.textContent; };

  function when(iso) {
    var d = new Date(iso), p = function (n) { return (n < 10 ? "0" : "") + n; };
    return isNaN(d) ? "" : d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()) + " " + p(d.getHours()) + ":" + p(d.getMinutes());
  }

  function Quiz(section) {
    var self = this, ds = section.dataset, list = section.querySelector(".quiz-questions");
    this.id = ds.quiz;
    this.pass = parseFloat(ds.pass) || 0;
    this.shuffle = ds.shuffle !== "0";
    this.reveal = ds.reveal !== "0";
    this.limit = parseInt(ds.attempts, 10) || 0;
    this.page = document.body.getAttribute("data-page") || location.pathname;
    this.key = "quiz:" + this.page + "#" + this.id;
    this.questions = [].map.call(list.children, function (li) {
      var d = li.dataset, secret = {}, sit = li.querySelector(".quiz-situation");
      try { secret = JSON.parse(deobfuscate(d.salt, d.secret)); } catch (e) { /* no feedback then */ }
      return {
        dom: li.id, qid: d.qid, type: d.type, ver: d.ver, salt: d.salt, keys: (d.key || "").split(" "), secret: secret,
        prompt: li.querySelector(".quiz-prompt").innerHTML, situation: sit && sit.textContent,
        options: all(li, ".quiz-options li").map(textOf), steps: all(li, ".quiz-steps li").map(textOf)
      };
    });
    section.classList.add("quiz-live");
    this.stored = el("p", "quiz-stored");
    this.stored.hidden = true;
    this.form = el("form", "quiz-form");
    this.form.noValidate = true;
    this.form.onsubmit = function (ev) { ev.preventDefault(); self.check(); };
    this.list = el("ol", "quiz-questions", null, this.form);
    this.submit = el("button", "quiz-submit", "提交", el("div", "quiz-actions", null, this.form));
    this.result = el("div", "quiz-result", null, section);
    this.result.setAttribute("aria-live", "polite");
    this.result.tabIndex = -1;
    section.replaceChild(this.form, list);
    section.insertBefore(this.stored, this.form);
    this.rec = store().get(this.key);
    this.showStored();
    var past = this.rec && this.rec.latest;
    if (past && past.answers) this.build(past.seed, past);
    else this.build();
  }

  var P = Quiz.prototype;

  P.showStored = function () {
    var rec = this.rec;
    if (!rec || !rec.latest) return;
    var t = function (a) { return a.score + " 分（" + (a.passed ? "通过" : "未通过") + "）"; };
    this.stored.textContent = "上次成绩 " + t(rec.latest) + " · " + when(rec.latest.time) + "　最好成绩 " + t(rec.best) + "　已作答 " + rec.attempts + " 次";
    this.stored.hidden = false;
  };

  /* Lays out an attempt (the seed fixes the shuffle). With `past`, shows that stored attempt's
     answers and results, except for questions changed since (their content hash differs). */
  P.build = function (seed, past) {
    var self = this, marks = {};
    this.done = false;
    this.seed = seed == null ? Math.floor(Math.random() * 4294967296) : seed;
    var rand = random(this.seed), order = this.questions.map(function (q, i) { return i; });
    if (this.shuffle) order = shuffled(order, rand);
    this.list.textContent = "";
    this.result.textContent = "";
    this.submit.hidden = false;
    order.forEach(function (qi, n) { self.list.appendChild(self.question(self.questions[qi], n, rand)); });
    if (!past) return;
    this.questions.forEach(function (q) {
      var a = past.answers[q.qid];
      if (a && a.hash === q.ver) { self.setGiven(q, a.given); marks[q.qid] = a.correct; }
    });
    this.review(past, marks);
  };

  P.question = function (q, n, rand) {
    var li = el("li", "quiz-q"), fs = el("fieldset", "quiz-fs"), legend = el("legend", null, null, fs), s = q.secret;
    li.setAttribute("data-type", q.type);
    legend.innerHTML = '<span class="quiz-num">第 ' + (n + 1) + " 题</span> " + q.prompt;
    if (q.situation) {
      var sit = el("p", "quiz-situation", q.situation, li);
      sit.id = q.dom + "-sit";
      fs.setAttribute("aria-describedby", sit.id);
    }
    q.inputs = [];
    if (q.type === "fill") {
      var label = el("label", "quiz-fill", null, fs), input = el("input");
      el("span", "visually-hidden", "填写答案", label);
      input.type = "text";
      input.autocomplete = "off";
      input.spellcheck = false;
      input.setAttribute("autocapitalize", "off");
      label.appendChild(input);
      q.inputs.push(input);
    } else if (q.type === "order") {
      this.orderList(q, rand, fs);
    } else {
      var tf = q.type === "truefalse", opts = el("div", "quiz-opts", null, fs);
      var values = tf ? ["true", "false"] : q.options.map(function (o, i) { return String(i + 1); });
      if (this.shuffle && !tf) values = shuffled(values, rand);
      values.forEach(function (v, i) {
        var lab = el("label", "quiz-opt", null, opts), box = el("input", null, null, lab);
        box.type = q.type === "multiple" ? "checkbox" : "radio";
        box.name = q.dom + "-in";
        box.value = v;
        if (!tf) el("span", "quiz-letter", "ABCDEFGHIJKLMNOPQRSTUVWXYZ".charAt(i), lab);
        el("span", "quiz-text", tf ? (v === "true" ? "正确" : "错误") : q.options[v - 1], lab);
        q.inputs.push(box);
      });
    }
    if (s.h) {
      var hint = el("p", "quiz-hint", "提示：" + s.h);
      var hb = button("quiz-hint-btn", "提示", el("div", "quiz-tools", null, fs), function () {
        hint.hidden = !hint.hidden;
        hb.setAttribute("aria-expanded", String(!hint.hidden));
      });
      hint.id = q.dom + "-hint";
      hint.hidden = true;
      hb.setAttribute("aria-expanded", "false");
      hb.setAttribute("aria-controls", hint.id);
      fs.appendChild(hint);
    }
    q.fb = el("div", "quiz-fb", null, fs);
    q.fb.hidden = true;
    li.appendChild(fs);
    q.li = li;
    return li;
  };

  /* Order questions: a list with 上移/下移 buttons on every step (keyboard and touch, no dragging). */
  P.orderList = function (q, rand, parent) {
    var ol = el("ol", "quiz-order", null, parent), live = el("p", "visually-hidden", null, parent);
    var positions = q.steps.map(function (s, i) { return i + 1; });
    live.setAttribute("aria-live", "polite");
    ol.setAttribute("role", "list");
    /* Shuffled, but never already in the right order (the page's own order never is). */
    for (var tries = 0; this.shuffle && tries < 20; tries++) {
      positions = shuffled(positions, rand);
      if (q.keys.indexOf(answerHash(q.salt, positions.join(","))) < 0) break;
    }
    q.order = ol;
    q.sync = function () {
      [].forEach.call(ol.children, function (li, i) {
        var b = li.querySelectorAll("button");
        b[0].disabled = i === 0;
        b[1].disabled = i === ol.children.length - 1;
      });
    };
    positions.forEach(function (p) {
      var li = el("li", null, null, ol), text = q.steps[p - 1];
      li.setAttribute("data-pos", p);
      el("span", "quiz-text", text, li);
      var move = el("span", "quiz-move", null, li);
      [-1, 1].forEach(function (dir) {
        var b = button("quiz-mv", dir < 0 ? "↑" : "↓", move, function () {
          var to = dir < 0 ? li.previousElementSibling : li.nextElementSibling;
          if (!to) return;
          ol.insertBefore(li, dir < 0 ? to : to.nextElementSibling);
          q.sync();
          live.textContent = "“" + text + "”移到第 " + ([].indexOf.call(ol.children, li) + 1) + " 位";
          (b.disabled ? move.querySelector("button:not([disabled])") : b).focus();
        });
        b.setAttribute("aria-label", (dir < 0 ? "上移：" : "下移：") + text);
        q.inputs.push(b);
      });
    });
    q.sync();
  };

  P.getGiven = function (q) {
    if (q.type === "fill") return q.inputs[0].value.trim() ? q.inputs[0].value : null;
    if (q.type === "order") return [].map.call(q.order.children, function (li) { return +li.getAttribute("data-pos"); });
    var on = q.inputs.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    if (!on.length) return null;
    if (q.type === "truefalse") return on[0] === "true";
    return q.type === "multiple" ? on.map(Number).sort(function (a, b) { return a - b; }) : +on[0];
  };

  P.setGiven = function (q, given) {
    if (given == null) return;
    if (q.type === "fill") q.inputs[0].value = given;
    else if (q.type === "order") {
      given.forEach(function (p) {
        var li = q.order.querySelector('[data-pos="' + p + '"]');
        if (li) q.order.appendChild(li);
      });
      q.sync();
    } else q.inputs.forEach(function (b) { b.checked = [].concat(given).map(String).indexOf(b.value) >= 0; });
  };

  P.check = function () {
    var self = this, answers = {}, marks = {}, right = 0, missing = [], shown = [].slice.call(this.list.children);
    if (this.done) return;
    this.questions.forEach(function (q) {
      var given = self.getGiven(q);
      var ok = given != null && q.keys.indexOf(answerHash(q.salt, canonical(q.type, given))) >= 0;
      if (given == null) missing.push(shown.indexOf(q.li));
      if (ok) right++;
      answers[q.qid] = { given: given, correct: ok, hash: q.ver };
      marks[q.qid] = ok;
    });
    if (missing.length) {
      missing.sort(function (a, b) { return a - b; });
      this.result.textContent = "还有 " + missing.length + " 题没有作答（第 " + missing.map(function (i) { return i + 1; }).join("、") + " 题），请答完再提交。";
      var first = this.list.children[missing[0]].querySelector("input");
      if (first) first.focus();
      return;
    }
    var s = score(right, this.questions.length, this.pass);
    var attempt = { time: new Date().toISOString(), score: s.score, passed: s.passed, seed: this.seed, answers: answers };
    this.rec = record(store().get(this.key), attempt);
    store().set(this.key, this.rec);
    this.showStored();
    document.dispatchEvent(new CustomEvent("zhiyin:quiz-attempt", {
      detail: { page: this.page, quizId: this.id, attempt: attempt, passMark: this.pass, questionCount: this.questions.length }
    }));
    this.review(attempt, marks);
    this.result.focus();
  };

  /* Shows an attempt's results; `marks` holds right/wrong of the questions it still applies to. */
  P.review = function (attempt, marks) {
    var self = this, right = 0, r = this.result, used = this.rec ? this.rec.attempts : 0;
    this.done = true;
    this.submit.hidden = true;
    this.questions.forEach(function (q) {
      q.inputs.forEach(function (b) { b.disabled = true; });
      q.fb.hidden = false;
      if (q.qid in marks) {
        if (marks[q.qid]) right++;
        self.mark(q, marks[q.qid]);
      } else el("p", "quiz-verdict", "这道题新增或修改过，上次的答案不再适用。", q.fb);
    });
    r.textContent = "";
    r.className = "quiz-result " + (attempt.passed ? "is-pass" : "is-fail");
    el("p", "quiz-score", "得分 " + attempt.score + " 分 · 答对 " + right + " / " + this.questions.length + " 题 · " +
      (attempt.passed ? "通过" : "未通过") + "（" + this.pass + " 分及格）", r);
    if (this.limit && used >= this.limit) return el("p", "quiz-left", "已用完全部 " + this.limit + " 次作答机会。", r);
    if (this.limit) el("p", "quiz-left", "还可以再做 " + (this.limit - used) + " 次。", r);
    button("quiz-retry", "再做一次", r, function () {
      self.build();
      self.list.querySelector("input, button").focus();
    });
  };

  /* Marks one question: right/wrong, options (正确答案/你的选择), feedback, and — when the answer
     was right or the quiz reveals answers — the right answer and the explanation. */
  P.mark = function (q, ok) {
    var s = q.secret, show = ok || this.reveal, answer = show ? s.a : null, given = this.getGiven(q);
    q.li.classList.add(ok ? "is-right" : "is-wrong");
    el("p", "quiz-verdict", ok ? "✓ 回答正确" : "✗ 回答错误", q.fb);
    if (q.type === "fill" || q.type === "order") {
      if (!ok && answer != null) el("p", "quiz-answer", q.type === "fill" ? "参考答案：" + answer :
        "正确顺序：" + answer.map(function (p, i) { return (i + 1) + ". " + q.steps[p - 1]; }).join("　"), q.fb);
    } else {
      var tf = q.type === "truefalse", good = [].concat(answer == null ? (ok ? given : []) : answer);
      q.inputs.forEach(function (b) {
        var v = tf ? b.value === "true" : +b.value, lab = b.parentNode, isGood = good.indexOf(v) >= 0;
        var fb = s.f && s.f[tf ? (v ? 0 : 1) : v - 1];
        if (isGood) { lab.classList.add("is-answer"); el("span", "quiz-tag", "正确答案", lab); }
        if (b.checked) { lab.classList.add("is-chosen"); if (!isGood) el("span", "quiz-tag", "你的选择", lab); }
        if (fb && (b.checked || show)) el("span", "quiz-ofb", fb, lab);
      });
    }
    if (show && s.e) el("p", "quiz-expl", "解析：" + s.e, q.fb);
  };

  function start() {
    [].forEach.call(document.querySelectorAll("section.quiz[data-quiz]"), function (s) {
      try { new Quiz(s); } catch (e) { console.warn("zhiyin quiz", e); }
    });
    /* For search.js, waiting to mark a search match inside a quiz until it is laid out. */
    try { document.dispatchEvent(new CustomEvent("zhiyin:quiz-ready")); } catch (e) { /* it times out */ }
  }

  if (typeof document !== "undefined" && typeof window !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
  if (typeof module !== "undefined" && module.exports) module.exports = core;
})();
