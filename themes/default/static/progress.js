/* zhiyin progress, on every page: learner profiles, reading and quiz tracking, course progress.
   Plain ES2017, no dependencies, works from file://. 我的学习, certificates, export and import are
   in progress-tools.js (loaded by those two pages only). The pure core at the top is also loaded
   by node: tests/js/progress-core.test.mjs. Format: docs/progress.md. */
(function () {
  "use strict";

  /* ---------- pure core ---------- */

  function obj(x) { return x && typeof x === "object" && !Array.isArray(x) ? x : {}; }
  function arr(x) { return Array.isArray(x) ? x : []; }
  function byTime(a, b) { return a.time < b.time ? -1 : a.time > b.time ? 1 : 0; }
  function minT(a, b) { return !a ? b || null : !b || a < b ? a : b; }
  function maxT(a, b) { return !a ? b || null : !b || a > b ? a : b; }

  /* One learner's record, stored under the key "progress":
     lessons {key: {first, last, visits, read, how}}, attempts [{page, quiz, time, score, passed,
     passMark, answers}], events [{time, type, page?, quiz?, course?, score?}], completed {course: time}. */
  function norm(r) {
    r = obj(r);
    return { v: 1, lessons: obj(r.lessons), attempts: arr(r.attempts), events: arr(r.events), completed: obj(r.completed) };
  }

  function index(site) {
    var idx = {};
    arr(site.courses).forEach(function (c) {
      arr(c.lessons).forEach(function (l, i) { idx[l.key] = { course: c, lesson: l, n: i + 1 }; });
    });
    return idx;
  }

  function quizStats(rec, page, id) {
    var s = { best: null, latest: null, n: 0, passedAt: null };
    rec.attempts.forEach(function (a) {
      if (a.page !== page || a.quiz !== id) return;
      s.n++;
      if (s.best == null || a.score > s.best) s.best = a.score;
      if (!s.latest || a.time >= s.latest.time) s.latest = a;
      if (a.passed) s.passedAt = minT(s.passedAt, a.time);
    });
    return s;
  }

  /* A course is completed when every lesson is read and every quiz passed (at or above its mark);
     its date is when the last of these happened, its score the mean of the best quiz scores. */
  function courseState(c, rec) {
    var s = { lessons: c.lessons.length, read: 0, seen: 0, quizzes: 0, passed: 0, score: null, completed: null, next: null };
    var sum = 0, scored = 0, done = null;
    c.lessons.forEach(function (l) {
      var r = rec.lessons[l.key];
      if (r) s.seen++;
      if (r && r.read) { s.read++; done = maxT(done, r.read); } else if (!s.next) s.next = { lesson: l };
      arr(l.quizzes).forEach(function (q) {
        var st = quizStats(rec, l.key, q.id);
        s.quizzes++;
        if (st.n) { s.seen++; sum += st.best; scored++; }
        if (st.passedAt) { s.passed++; done = maxT(done, st.passedAt); } else if (!s.next) s.next = { lesson: l, quiz: q, best: st.best };
      });
    });
    s.complete = s.lessons > 0 && s.read === s.lessons && s.passed === s.quizzes;
    s.score = scored ? Math.floor(sum / scored) : null;
    s.completed = s.complete ? done : rec.completed[c.key] || null;
    s.status = s.completed ? "completed" : s.seen ? "in_progress" : "not_started";
    return s;
  }

  var STATUS = { completed: "已完成", in_progress: "学习中", not_started: "未开始" };
  var core = { obj: obj, arr: arr, byTime: byTime, minT: minT, maxT: maxT, norm: norm, index: index, quizStats: quizStats,
    courseState: courseState, STATUS: STATUS };
  if (typeof module !== "undefined" && module.exports) module.exports = core;
  if (typeof document === "undefined" || !document.body) return;

  /* ---------- the page ---------- */

  var body = document.body, Z = (window.Zhiyin = window.Zhiyin || {}), store = Z.storage;
  var siteId = body.getAttribute("data-site") || "zhiyin", root = body.getAttribute("data-root") || "";
  var page = body.getAttribute("data-page") || "", kind = body.getAttribute("data-kind");
  var S = window.ZHIYIN_SITE && window.ZHIYIN_SITE.id === siteId ? window.ZHIYIN_SITE : { id: siteId, courses: [] };
  var idx = index(S), here = idx[page], PKEY = siteId + ":profiles", mem = null, menu, menuBtn;
  var profiles = loadProfiles();
  Z.progress = core;
  if (!store) return;

  function iso() { return new Date().toISOString(); }
  function day(t) {
    var d = new Date(t);
    return !t || isNaN(d) ? "" : d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
  }
  function h(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v == null || v === false) return;
      if (k === "text") e.textContent = v;
      else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    });
    [].concat(kids == null ? [] : kids).forEach(function (c) {
      if (c != null && c !== false) e.appendChild(typeof c === "object" ? c : document.createTextNode(c));
    });
    return e;
  }
  function label(p) { return p.name + (p.code ? "（" + p.code + "）" : ""); }

  /* Profiles: one list per site in "zhiyin:<site>:profiles", shared by everyone on this browser.
     A learner's own data lives under "zhiyin:<site>:<profile id>:…" (see site.js). */
  function loadProfiles() {
    var p = mem;
    if (!p && store) { try { p = JSON.parse(store.getShared(PKEY)); } catch (e) { p = null; } }
    p = obj(p);
    return { current: p.current || null, list: arr(p.list).filter(function (x) { return x && x.id && x.name; }) };
  }
  function saveProfiles() {
    if (store.available !== false && store.setShared(PKEY, JSON.stringify(profiles)) !== false) return true;
    mem = profiles;
    var box = document.getElementById("storage-warning");
    if (box) {
      box.textContent = "这个浏览器不能保存学习者档案（存储不可用或已满）。关闭页面后，本次的学习记录会丢失，请及时到“我的学习”导出。";
      box.hidden = false;
    }
    return false;
  }
  function current() { return profiles.list.filter(function (p) { return p.id === profiles.current; })[0] || null; }
  Z.currentProfile = function () { var c = current(); return c ? c.id : "guest"; };

  function create(name, code, id, created) {
    var p = { id: id || "p" + Date.now().toString(36) + Math.random().toString(36).slice(2, 6), name: name, code: code || "", created: created || iso() };
    profiles.list.push(p);
    profiles.current = p.id;
    saveProfiles();
    return p;
  }
  function use(id) { profiles.current = id; changed(); }
  /* After a switch the page reloads, so every part shows the new learner; if the profile list
     could not be stored, the page is redrawn in place instead (a reload would lose it). */
  function changed() {
    if (saveProfiles()) { location.reload(); return; }
    renderSlot();
    if (kind === "lesson" && here) { trackLesson(); renderLessonEnd(); }
    if (Z.progressRefresh) Z.progressRefresh();
  }
  function remove(id) {
    try {
      var s = window.localStorage, pre = "zhiyin:" + siteId + ":" + id + ":", keys = [];
      for (var i = 0; i < s.length; i++) if (s.key(i).indexOf(pre) === 0) keys.push(s.key(i));
      keys.forEach(function (k) { s.removeItem(k); });
    } catch (e) { /* nothing was stored */ }
    profiles.list = profiles.list.filter(function (p) { return p.id !== id; });
    if (profiles.current === id) profiles.current = null;
    changed();
  }

  function load() { return norm(store.get("progress")); }
  function save(rec) {
    if (rec.events.length > 3000) rec.events = rec.events.slice(-3000);
    return store.set("progress", rec);
  }
  function course(key) { return arr(S.courses).filter(function (c) { return c.key === key; })[0]; }
  function checkDone(rec, now) {
    arr(S.courses).forEach(function (c) {
      var s = courseState(c, rec);
      if (s.complete && !rec.completed[c.key]) {
        rec.completed[c.key] = s.completed;
        rec.events.push({ time: now, type: "completed", course: c.key, score: s.score });
      }
    });
  }

  function newForm() {
    var name = h("input", { name: "name", maxlength: 40, autocomplete: "off", required: true });
    var code = h("input", { name: "code", maxlength: 40, autocomplete: "off" }), msg = h("p", { class: "pm-msg", role: "alert" });
    return h("form", { class: "pm-new", onsubmit: function (e) {
      e.preventDefault();
      var n = name.value.trim(), c = code.value.trim();
      if (!n) { msg.textContent = "请填写姓名。"; name.focus(); return; }
      var same = profiles.list.filter(function (p) { return p.name === n && (p.code || "") === c; })[0];
      if (same) use(same.id);
      else { create(n, c); changed(); }
    } }, [h("p", { class: "pm-h", text: "新建学习者" }), h("label", null, ["姓名", name]),
      h("label", null, ["学员编号（选填，培训老师给的）", code]),
      h("button", { type: "submit", class: "button primary", text: "新建并开始记录" }), msg]);
  }

  /* The header control: the current learner is always shown; switching is one click. */
  function openMenu(open) {
    if (!menu) return;
    menu.hidden = !open;
    menuBtn.setAttribute("aria-expanded", String(open));
    if (open) (menu.querySelector(".pm-switch") || menu.querySelector("input")).focus();
  }
  function renderSlot() {
    var slot = document.getElementById("profile-slot"), me = current();
    if (!slot) return;
    menu = h("div", { class: "profile-menu", id: "profile-menu", hidden: true }, [
      h("p", { class: "pm-now", text: me ? "当前学习者：" + label(me) : "还没有选择学习者。选择或新建以后，才会记录学习进度。" }),
      h("ul", { class: "pm-list" }, profiles.list.filter(function (p) { return p !== me; }).map(function (p) {
        return h("li", null, h("button", { type: "button", class: "button pm-switch", onclick: function () { use(p.id); } }, "切换到 " + label(p)));
      })),
      newForm(),
      h("p", null, h("a", { href: root + "progress.html", text: "我的学习：进度、证书、导出" }))]);
    menuBtn = h("button", { type: "button", class: "tool profile-btn" + (me ? "" : " is-empty"), "aria-expanded": "false", "aria-controls": "profile-menu",
      title: me ? "当前学习者，点击切换" : "选择学习者", onclick: function () { openMenu(menu.hidden); } },
      me ? [h("span", { class: "visually-hidden", text: "当前学习者：" }), me.name] : "选择学习者");
    slot.textContent = "";
    slot.appendChild(menuBtn);
    slot.appendChild(menu);
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && menu && !menu.hidden) { openMenu(false); menuBtn.focus(); }
  });
  document.addEventListener("click", function (e) {
    var slot = document.getElementById("profile-slot");
    if (menu && !menu.hidden && slot && !slot.contains(e.target) && !e.target.hasAttribute("data-open-profiles")) openMenu(false);
  });

  function bar(done, total) {
    var pct = total ? Math.round(done * 100 / total) : 0;
    return h("span", { class: "pg-bar", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": pct, "aria-label": "完成 " + pct + "%" },
      h("span", { style: "width:" + pct + "%" }));
  }
  function summary(s) {
    return [bar(s.read + s.passed, s.lessons + s.quizzes), h("span", { class: "pg-meta", text: "已读 " + s.read + "/" + s.lessons + " 课 · 测验通过 " +
      s.passed + "/" + s.quizzes + (s.score != null ? " · 平均 " + s.score + " 分" : "") + " · " + STATUS[s.status] })];
  }
  function certUrl(c) { return root + "certificate.html?course=" + encodeURIComponent(c.key); }
  function nextStep(c, s) {
    var n = s.next, q;
    if (s.status === "completed") return ["已完成《" + c.title + "》。", h("a", { href: certUrl(c), class: "button", text: "查看结业证书" })];
    if (!n) return null;
    q = n.quiz ? "测验（" + n.quiz.passMark + " 分及格" + (n.best != null ? "，最好成绩 " + n.best + " 分" : "") + "）" : "";
    return ["下一步：", h("a", { href: root + n.lesson.key + (n.quiz ? "#" + n.quiz.id : "") },
      n.lesson.key === page ? "完成本课" + q : "第 " + idx[n.lesson.key].n + " 课《" + n.lesson.title + "》" + (q ? "的" + q : ""))];
  }

  /* Lesson pages: 标记为已读, reading to the end, and what comes next. */
  function renderLessonEnd(note) {
    var box = document.getElementById("lesson-end"), me = current();
    if (!box || !here) return;
    box.textContent = "";
    box.setAttribute("aria-live", "polite");
    if (!me) {
      box.appendChild(h("p", { class: "le-note", text: (note || "") + "选择或新建学习者以后，才会记录你的阅读进度和测验成绩。" }));
      box.appendChild(h("button", { type: "button", class: "button", "data-open-profiles": true, text: "选择学习者", onclick: function () { openMenu(true); } }));
      return;
    }
    var rec = load(), r = rec.lessons[page], s = courseState(here.course, rec), nx = s.next;
    if (r && r.read) box.appendChild(h("p", { class: "le-done", tabindex: -1, text: "✓ 已读 · " + day(r.read) + " · " + me.name }));
    else {
      box.appendChild(h("button", { type: "button", class: "button primary", id: "mark-read", text: "标记为已读", onclick: function () { markRead("button"); } }));
      box.appendChild(h("span", { class: "le-note", text: " 读到这里会自动记为已读" }));
    }
    if (s.status === "completed" || nx && (nx.quiz || nx.lesson.key !== page)) box.appendChild(h("p", { class: "le-next" }, nextStep(here.course, s)));
  }

  function markRead(how) {
    var rec = load(), now = iso(), r = rec.lessons[page] || (rec.lessons[page] = { first: now, last: now, visits: 1, read: null });
    if (!r.read) {
      r.read = now;
      r.how = how;
      rec.events.push({ time: now, type: "read", page: page, course: here.course.key });
      checkDone(rec, now);
      save(rec);
    }
    renderLessonEnd();
    var done = document.querySelector(".le-done");
    if (done && how === "button") done.focus();
  }

  /* A visit is counted on every load (one "visited" event a day); the lesson counts as read once
     its end has stayed on screen for 1.5 s, or when 标记为已读 is pressed. */
  function trackLesson() {
    var rec = load(), now = iso(), r = rec.lessons[page], end = document.getElementById("lesson-end"), timer = null;
    if (!r) r = rec.lessons[page] = { first: now, last: null, visits: 0, read: null };
    if (!r.last || r.last.slice(0, 10) !== now.slice(0, 10)) rec.events.push({ time: now, type: "visited", page: page, course: here.course.key });
    r.last = now;
    r.visits = (r.visits || 0) + 1;
    save(rec);
    if (r.read || !end) return;
    var seen = function () { var b = end.getBoundingClientRect(); return b.top < window.innerHeight && b.bottom > 0; };
    var check = function () {
      if (seen() && !timer) {
        timer = setTimeout(function () {
          timer = null;
          if (!seen()) return;
          window.removeEventListener("scroll", check);
          markRead("end");
        }, 1500);
      } else if (!seen() && timer) { clearTimeout(timer); timer = null; }
    };
    window.addEventListener("scroll", check, { passive: true });
    check();
  }

  document.addEventListener("zhiyin:quiz-attempt", function (ev) {
    var d = ev.detail || {}, a = d.attempt || {}, now = a.time || iso(), info = idx[d.page];
    if (!current()) { renderLessonEnd("刚才的测验成绩没有记入学习记录，因为还没有选择学习者。"); return; }
    var rec = load();
    rec.attempts.push({ page: d.page, quiz: d.quizId, time: now, score: a.score, passed: !!a.passed, passMark: d.passMark, answers: a.answers || {} });
    rec.events.push({ time: now, type: "attempted", page: d.page, quiz: d.quizId, course: info ? info.course.key : null, score: a.score });
    checkDone(rec, now);
    save(rec);
    renderLessonEnd();
  });

  /* Course and home pages: which lessons are read, how far each course is. */
  function keyOf(a) {
    var base = new URL(root || "./", location.href).href;
    return a.href.indexOf(base) === 0 ? decodeURIComponent(a.href.slice(base.length).split("#")[0]) : null;
  }
  function decorate(rec) {
    [].forEach.call(document.querySelectorAll("li[data-lesson] > a"), function (a) {
      var r = rec.lessons[keyOf(a)];
      if (!r) return;
      a.parentNode.classList.add(r.read ? "is-read" : "is-seen");
      a.appendChild(h("span", { class: "lesson-state", text: r.read ? "✓ 已读" : "看过" }));
    });
    [].forEach.call(document.querySelectorAll("li[data-course] > a"), function (a) {
      var c = course(keyOf(a));
      if (c) a.appendChild(h("span", { class: "card-progress" }, summary(courseState(c, rec))));
    });
    var c = kind === "course" && course(page), list = document.querySelector(".lesson-list");
    if (c && list) {
      var s = courseState(c, rec);
      list.parentNode.insertBefore(h("div", { class: "course-progress" }, summary(s).concat(h("p", null, nextStep(c, s)))), list);
    }
  }

  /* For progress-tools.js (我的学习 and certificate pages). */
  Z.progressPage = { S: S, idx: idx, root: root, siteId: siteId, profiles: function () { return profiles; }, current: current,
    create: create, use: use, saveProfiles: saveProfiles, remove: remove, load: load, save: save, checkDone: checkDone, course: course, h: h, day: day,
    label: label, newForm: newForm, summary: summary, nextStep: nextStep, renderSlot: renderSlot, iso: iso };

  renderSlot();
  if (current() && kind !== "progress" && kind !== "certificate") {
    if (here && kind === "lesson") trackLesson();
    decorate(load());
  }
  if (kind === "lesson") renderLessonEnd();
})();
