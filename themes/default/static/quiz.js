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

  function utf8(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.codePointAt(i);
      if (c > 0xffff) i++;
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | c >> 6, 0x80 | c & 63);
      else if (c < 0x10000) out.push(0xe0 | c >> 12, 0x80 | c >> 6 & 63, 0x80 | c & 63);
      else out.push(0xf0 | c >> 18, 0x80 | c >> 12 & 63, 0x80 | c >> 6 & 63, 0x80 | c & 63);
    }
    return out;
  }

  function fromUtf8(b) {
    var s = "";
    for (var i = 0; i < b.length;) {
      var c = b[i++], n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
      c &= [0x7f, 0x1f, 0x0f, 0x07][n];
      while (n--) c = c << 6 | b[i++] & 63;
      s += String.fromCodePoint(c);
    }
    return s;
  }

  function sha256(bytes) {
    var m = bytes.slice(), bits = bytes.length * 8, H = H0.slice(), w = [], i, j;
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

  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  function fromBase64(s) {
    var out = [], acc = 0, n = 0;
    for (var i = 0; i < s.length; i++) {
      var v = B64.indexOf(s.charAt(i));
      if (v < 0) continue;
      acc = (acc << 6 | v) & 0xffffff; n += 6;
      if (n >= 8) { n -= 8; out.push(acc >> n & 255); }
    }
    return out;
  }

  /* Inverse of src/quiz/protect.rs `obfuscate`: XOR with SHA-256("key:" + salt + ":" + i) blocks. */
  function deobfuscate(salt, b64) {
    var data = fromBase64(b64), key = [];
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

  var memory = {};
  var fallback = {
    get: function (k) { return k in memory ? JSON.parse(memory[k]) : null; },
    set: function (k, v) { memory[k] = JSON.stringify(v); return true; }
  };
  function storage() {
    var z = window.Zhiyin && window.Zhiyin.storage;
    return z && z.get && z.set ? z : fallback;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function when(iso) {
    var d = new Date(iso), p = function (n) { return (n < 10 ? "0" : "") + n; };
    return isNaN(d) ? "" : d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()) + " " + p(d.getHours()) + ":" + p(d.getMinutes());
  }

  var LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  function Quiz(section) {
    var self = this, body = document.body;
    this.el = section;
    this.id = section.getAttribute("data-quiz");
    this.pass = parseFloat(section.getAttribute("data-pass")) || 0;
    this.shuffle = section.getAttribute("data-shuffle") !== "0";
    this.reveal = section.getAttribute("data-reveal") !== "0";
    this.limit = parseInt(section.getAttribute("data-attempts"), 10) || 0;
    this.page = body.getAttribute("data-page") || location.pathname;
    this.key = "quiz:" + this.page + "#" + this.id;
    var list = section.querySelector(".quiz-questions");
    this.questions = [].map.call(list.children, function (li) {
      var texts = function (sel) { return [].map.call(li.querySelectorAll(sel), function (x) { return x.textContent; }); };
      var secret = {};
      try { secret = JSON.parse(deobfuscate(li.getAttribute("data-salt"), li.getAttribute("data-secret"))); } catch (e) { /* shown without feedback */ }
      var sit = li.querySelector(".quiz-situation");
      return {
        dom: li.id, qid: li.getAttribute("data-qid"), type: li.getAttribute("data-type"), ver: li.getAttribute("data-ver"),
        salt: li.getAttribute("data-salt"), keys: (li.getAttribute("data-key") || "").split(" "), secret: secret,
        prompt: li.querySelector(".quiz-prompt").innerHTML, situation: sit ? sit.textContent : null,
        options: texts(".quiz-options li"), steps: texts(".quiz-steps li")
      };
    });
    section.classList.add("quiz-live");
    this.stored = el("p", "quiz-stored");
    this.stored.hidden = true;
    this.form = el("form", "quiz-form");
    this.form.noValidate = true;
    this.list = el("ol", "quiz-questions");
    this.submit = el("button", "quiz-submit", "提交");
    this.submit.type = "submit";
    var actions = el("div", "quiz-actions");
    actions.appendChild(this.submit);
    this.form.appendChild(this.list);
    this.form.appendChild(actions);
    this.result = el("div", "quiz-result");
    this.result.setAttribute("aria-live", "polite");
    this.result.tabIndex = -1;
    section.replaceChild(this.form, list);
    section.insertBefore(this.stored, this.form);
    section.appendChild(this.result);
    this.form.addEventListener("submit", function (ev) { ev.preventDefault(); self.check(); });

    var rec = storage().get(this.key);
    this.showStored(rec);
    if (rec && rec.latest && rec.latest.answers) this.build(rec.latest.seed, rec.latest);
    else this.build();
  }

  Quiz.prototype.attemptsUsed = function () {
    var rec = storage().get(this.key);
    return rec && rec.attempts || 0;
  };

  Quiz.prototype.showStored = function (rec) {
    if (!rec || !rec.latest) return;
    var t = function (a) { return a.score + " 分（" + (a.passed ? "通过" : "未通过") + "）"; };
    this.stored.textContent = "上次成绩 " + t(rec.latest) + " · " + when(rec.latest.time) + "　最好成绩 " + t(rec.best) + "　已作答 " + rec.attempts + " 次";
    this.stored.hidden = false;
  };

  /* Lays out one attempt. With `past` (a stored attempt) it shows that attempt's answers and results. */
  Quiz.prototype.build = function (seed, past) {
    var self = this;
    this.seed = seed == null ? Math.floor(Math.random() * 4294967296) : seed;
    var rand = random(this.seed);
    var order = this.questions.map(function (q, i) { return i; });
    if (this.shuffle) order = shuffled(order, rand);
    this.list.textContent = "";
    this.result.textContent = "";
    this.submit.hidden = false;
    order.forEach(function (qi, n) { self.list.appendChild(self.question(self.questions[qi], n, rand)); });
    if (past) {
      var marks = {};
      this.questions.forEach(function (q) {
        var a = past.answers[q.qid];
        if (a && a.hash === q.ver) { self.setGiven(q, a.given); marks[q.qid] = a.correct; }
      });
      this.review(past, marks, false);
    }
  };

  Quiz.prototype.question = function (q, n, rand) {
    var self = this, li = el("li", "quiz-q"), fs = el("fieldset", "quiz-fs"), legend = el("legend");
    var name = q.dom + "-in";
    li.setAttribute("data-type", q.type);
    legend.innerHTML = '<span class="quiz-num">第 ' + (n + 1) + " 题</span> " + q.prompt;
    if (q.situation) {
      var sit = el("p", "quiz-situation", q.situation);
      sit.id = q.dom + "-sit";
      li.appendChild(sit);
      fs.setAttribute("aria-describedby", sit.id);
    }
    fs.appendChild(legend);
    q.inputs = [];
    if (q.type === "fill") {
      var label = el("label", "quiz-fill"), input = el("input");
      label.appendChild(el("span", "visually-hidden", "填写答案"));
      input.type = "text";
      input.autocomplete = "off";
      input.spellcheck = false;
      input.setAttribute("autocapitalize", "off");
      label.appendChild(input);
      fs.appendChild(label);
      q.inputs.push(input);
    } else if (q.type === "order") {
      fs.appendChild(this.orderList(q, rand));
    } else {
      var tf = q.type === "truefalse", opts = el("div", "quiz-opts");
      var values = tf ? ["true", "false"] : q.options.map(function (o, i) { return String(i + 1); });
      if (this.shuffle && !tf) values = shuffled(values, rand);
      values.forEach(function (v, i) {
        var lab = el("label", "quiz-opt"), box = el("input");
        box.type = q.type === "multiple" ? "checkbox" : "radio";
        box.name = name;
        box.value = v;
        lab.appendChild(box);
        if (!tf) lab.appendChild(el("span", "quiz-letter", LETTERS.charAt(i)));
        lab.appendChild(el("span", "quiz-text", tf ? (v === "true" ? "正确" : "错误") : q.options[v - 1]));
        opts.appendChild(lab);
        q.inputs.push(box);
      });
      fs.appendChild(opts);
    }
    if (q.secret.h) {
      var tools = el("div", "quiz-tools"), hb = el("button", "quiz-hint-btn", "提示"), hint = el("p", "quiz-hint", "提示：" + q.secret.h);
      hb.type = "button";
      hint.id = q.dom + "-hint";
      hint.hidden = true;
      hb.setAttribute("aria-expanded", "false");
      hb.setAttribute("aria-controls", hint.id);
      hb.addEventListener("click", function () {
        hint.hidden = !hint.hidden;
        hb.setAttribute("aria-expanded", String(!hint.hidden));
      });
      tools.appendChild(hb);
      fs.appendChild(tools);
      fs.appendChild(hint);
    }
    q.fb = el("div", "quiz-fb");
    q.fb.hidden = true;
    fs.appendChild(q.fb);
    li.appendChild(fs);
    q.li = li;
    q.fs = fs;
    return li;
  };

  /* Order questions: a list with 上移/下移 buttons on every step (keyboard and touch, no dragging). */
  Quiz.prototype.orderList = function (q, rand) {
    var ol = el("ol", "quiz-order"), live = el("p", "visually-hidden");
    var wrap = el("div");
    live.setAttribute("aria-live", "polite");
    ol.setAttribute("role", "list");
    var positions = q.steps.map(function (s, i) { return i + 1; });
    if (this.shuffle) {
      for (var tries = 0; tries < 20; tries++) {
        positions = shuffled(positions, rand);
        if (q.keys.indexOf(answerHash(q.salt, positions.join(","))) < 0) break;
      }
    }
    q.order = ol;
    var sync = function () {
      var items = ol.children;
      for (var i = 0; i < items.length; i++) {
        var b = items[i].querySelectorAll("button");
        b[0].disabled = i === 0;
        b[1].disabled = i === items.length - 1;
      }
    };
    q.syncOrder = sync;
    positions.forEach(function (p) {
      var li = el("li"), text = q.steps[p - 1], move = el("span", "quiz-move");
      li.setAttribute("data-pos", p);
      li.appendChild(el("span", "quiz-text", text));
      [["上移", -1], ["下移", 1]].forEach(function (d) {
        var b = el("button", "quiz-mv", d[1] < 0 ? "↑" : "↓");
        b.type = "button";
        b.setAttribute("aria-label", d[0] + "：" + text);
        b.addEventListener("click", function () {
          var to = d[1] < 0 ? li.previousElementSibling : li.nextElementSibling;
          if (!to) return;
          ol.insertBefore(li, d[1] < 0 ? to : to.nextElementSibling);
          sync();
          var idx = [].indexOf.call(ol.children, li);
          live.textContent = "“" + text + "”移到第 " + (idx + 1) + " 位";
          (b.disabled ? move.querySelector("button:not([disabled])") : b).focus();
        });
        move.appendChild(b);
        q.inputs.push(b);
      });
      li.appendChild(move);
      ol.appendChild(li);
    });
    sync();
    wrap.appendChild(ol);
    wrap.appendChild(live);
    return wrap;
  };

  Quiz.prototype.getGiven = function (q) {
    if (q.type === "fill") return q.inputs[0].value.trim() ? q.inputs[0].value : null;
    if (q.type === "order") return [].map.call(q.order.children, function (li) { return +li.getAttribute("data-pos"); });
    var on = q.inputs.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    if (!on.length) return null;
    if (q.type === "truefalse") return on[0] === "true";
    if (q.type === "multiple") return on.map(Number).sort(function (a, b) { return a - b; });
    return +on[0];
  };

  Quiz.prototype.setGiven = function (q, given) {
    if (given == null) return;
    if (q.type === "fill") q.inputs[0].value = given;
    else if (q.type === "order") {
      given.forEach(function (p) {
        var li = q.order.querySelector('[data-pos="' + p + '"]');
        if (li) q.order.appendChild(li);
      });
      q.syncOrder();
    } else q.inputs.forEach(function (b) {
      b.checked = [].concat(given).map(String).indexOf(b.value) >= 0;
    });
  };

  Quiz.prototype.check = function () {
    var self = this, answers = {}, right = 0, missing = [];
    if (this.done) return;
    var shown = [].slice.call(this.list.children);
    this.questions.forEach(function (q) {
      var given = self.getGiven(q);
      if (given == null) missing.push(q);
      var ok = given != null && q.keys.indexOf(answerHash(q.salt, canonical(q.type, given))) >= 0;
      if (ok) right++;
      answers[q.qid] = { given: given, correct: ok, hash: q.ver };
    });
    if (missing.length) {
      missing.sort(function (a, b) { return shown.indexOf(a.li) - shown.indexOf(b.li); });
      this.result.textContent = "还有 " + missing.length + " 题没有作答（第 " + missing.map(function (q) { return shown.indexOf(q.li) + 1; }).join("、") + " 题），请答完再提交。";
      var first = missing[0].inputs[0];
      if (first) first.focus();
      return;
    }
    var s = score(right, this.questions.length, this.pass);
    var attempt = { time: new Date().toISOString(), score: s.score, passed: s.passed, seed: this.seed, answers: answers };
    var rec = record(storage().get(this.key), attempt);
    storage().set(this.key, rec);
    this.showStored(rec);
    document.dispatchEvent(new CustomEvent("zhiyin:quiz-attempt", {
      detail: { page: this.page, quizId: this.id, attempt: attempt, passMark: this.pass, questionCount: this.questions.length }
    }));
    var marks = {};
    Object.keys(answers).forEach(function (k) { marks[k] = answers[k].correct; });
    this.review(attempt, marks, true);
  };

  /* Shows the results of an attempt; `marks` holds the questions whose stored answer still applies. */
  Quiz.prototype.review = function (attempt, marks, focus) {
    var self = this;
    this.done = true;
    this.submit.hidden = true;
    var right = 0;
    this.questions.forEach(function (q) {
      q.inputs.forEach(function (b) { b.disabled = true; });
      if (q.qid in marks) {
        if (marks[q.qid]) right++;
        self.mark(q, marks[q.qid]);
      } else {
        q.fb.hidden = false;
        q.fb.appendChild(el("p", "quiz-verdict", "这道题的内容已更新，上次的答案不再适用。"));
      }
    });
    var r = this.result, used = this.attemptsUsed();
    r.textContent = "";
    r.className = "quiz-result " + (attempt.passed ? "is-pass" : "is-fail");
    r.appendChild(el("p", "quiz-score", "得分 " + attempt.score + " 分 · 答对 " + right + " / " + this.questions.length + " 题 · " +
      (attempt.passed ? "通过" : "未通过") + "（" + this.pass + " 分及格）"));
    if (this.limit && used >= this.limit) r.appendChild(el("p", "quiz-left", "已用完全部 " + this.limit + " 次作答机会。"));
    else {
      if (this.limit) r.appendChild(el("p", "quiz-left", "还可以再做 " + (this.limit - used) + " 次。"));
      var again = el("button", "quiz-retry", "再做一次");
      again.type = "button";
      again.addEventListener("click", function () {
        self.done = false;
        self.build();
        var first = self.questions.filter(function (q) { return q.li === self.list.firstChild; })[0];
        if (first && first.inputs[0]) first.inputs[0].focus();
      });
      r.appendChild(again);
    }
    if (focus) r.focus();
  };

  Quiz.prototype.mark = function (q, ok) {
    var s = q.secret, show = ok || this.reveal, answer = show ? s.a : null, given = this.getGiven(q);
    q.li.classList.add(ok ? "is-right" : "is-wrong");
    q.fb.hidden = false;
    q.fb.appendChild(el("p", "quiz-verdict", ok ? "✓ 回答正确" : "✗ 回答错误"));
    if (q.type !== "fill" && q.type !== "order") {
      var tf = q.type === "truefalse";
      var good = answer == null ? (ok ? [].concat(given) : []) : [].concat(answer);
      q.inputs.forEach(function (b) {
        var v = tf ? b.value === "true" : +b.value, lab = b.parentNode;
        var isGood = good.indexOf(v) >= 0, fb = s.f && s.f[tf ? (v ? 0 : 1) : v - 1];
        if (isGood) { lab.classList.add("is-answer"); lab.appendChild(el("span", "quiz-tag", "正确答案")); }
        if (b.checked) { lab.classList.add("is-chosen"); if (!isGood) lab.appendChild(el("span", "quiz-tag", "你的选择")); }
        if (fb && (b.checked || show)) lab.appendChild(el("span", "quiz-ofb", fb));
      });
    } else if (!ok && answer != null) {
      var text = q.type === "fill" ? answer : answer.map(function (p, i) { return (i + 1) + ". " + q.steps[p - 1]; }).join("　");
      q.fb.appendChild(el("p", "quiz-answer", (q.type === "fill" ? "参考答案：" : "正确顺序：") + text));
    }
    if (show && s.e) q.fb.appendChild(el("p", "quiz-expl", "解析：" + s.e));
  };

  function start() {
    [].forEach.call(document.querySelectorAll("section.quiz[data-quiz]"), function (s) {
      try { new Quiz(s); } catch (e) { if (window.console) console.warn("zhiyin quiz", e); }
    });
  }

  if (typeof document !== "undefined" && typeof window !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
  if (typeof module !== "undefined" && module.exports) module.exports = core;
})();
