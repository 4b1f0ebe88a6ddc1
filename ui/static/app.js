// The browser side of the chat UI (loaded in <head> by ui/web.py). Event delegation on the document, so it
// works for messages Gradio renders later: citation links open their passage, copy buttons copy the plain
// text kept (hidden) in each answer, the phone drawer of sources opens and closes, and accessible names are
// the messages' text rather than their markup.
(function () {
  const T = window.REPORTQA_TEXT || {};
  const PHONE = window.matchMedia("(max-width: 480px)");
  let lastCite = null; // where to go back to from the sources drawer

  function toast(message) {
    let box = document.getElementById("rq-toast");
    if (!box) {
      box = document.createElement("div");
      box.id = "rq-toast";
      box.setAttribute("role", "status");
      document.body.appendChild(box);
    }
    box.textContent = message;
    box.classList.add("show");
    clearTimeout(box._timer);
    box._timer = setTimeout(() => box.classList.remove("show"), 2500);
  }

  async function copyText(text) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
      }
    } catch (e) { /* fall back below */ }
    // Plain-http intranet deployments have no Clipboard API: copy through a selected textarea.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }

  function turnOf(answer) {
    const m = answer && answer.className.match(/\bturn-\d+\b/);
    return m ? m[0] : "";
  }

  // On a phone the sources slide over the chat: a dialog while open, so a screen reader says where it is.
  function drawerRole(open) {
    const panel = document.getElementById("sources");
    if (!panel) return;
    if (open) {
      panel.setAttribute("role", "dialog");
      panel.setAttribute("aria-modal", "true");
      panel.setAttribute("aria-label", T.sources);
    } else {
      for (const a of ["role", "aria-modal", "aria-label"]) panel.removeAttribute(a);
    }
  }

  function openDrawer() {
    if (!PHONE.matches) return;
    document.body.classList.add("rq-sources-open");
    drawerRole(true);
    const back = document.querySelector("#sources .rq-back");
    if (back) setTimeout(() => back.focus({ preventScroll: true }), 250); // keyboard and screen reader users land in it
  }

  function showCard(target) {
    if (!target) return;
    for (let d = target.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
    openDrawer();
    const inPara = target.closest(".para");
    const para = inPara || target.closest("details") || target;
    // a passage centred; a whole answer's sources from their top, under the question they answer
    const shown = inPara || target.closest(".turn-sources") || para;
    shown.scrollIntoView({ behavior: "smooth", block: inPara ? "center" : "start" });
    para.classList.add("flash");
    setTimeout(() => para.classList.remove("flash"), 1500);
  }

  function back() {
    document.body.classList.remove("rq-sources-open");
    drawerRole(false);
    if (lastCite && document.contains(lastCite)) {
      lastCite.scrollIntoView({ block: "center" });
      lastCite.focus({ preventScroll: true });
    }
  }

  document.addEventListener("click", async function (e) {
    const t = e.target;
    if (!t || !t.closest) return;
    if (t.closest("#send")) staleError(false);
    const link = t.closest('a[href^="#cite-"]');
    if (link) {
      e.preventDefault();
      e.stopPropagation();
      lastCite = link;
      showCard(document.getElementById(link.getAttribute("href").slice(1)));
      return;
    }
    const example = t.closest("#examples button.gallery-item");
    if (example) {
      // an example is asked at once, as a suggested question is elsewhere: Gradio fills the box, then 提问
      const text = example.innerText.trim();
      const box = document.querySelector("#question textarea");
      let tries = 0;
      const wait = setInterval(function () {
        if (box && box.value.trim() === text) {
          clearInterval(wait);
          document.getElementById("send").click();
        } else if (++tries > 60) clearInterval(wait);
      }, 50);
      return;
    }
    const show = t.closest("button.rq-show-sources");
    if (show) {
      const answer = show.closest(".answer");
      lastCite = show;
      showCard(document.querySelector("#sources .turn-sources." + turnOf(answer) + " details"));
      return;
    }
    if (t.closest("button.rq-back")) {
      back();
      return;
    }
    const copy = t.closest("button.rq-copy");
    if (copy) {
      const plain = copy.closest(".answer").querySelector('.plain-answer');
      const ok = await copyText(plain ? plain.textContent : "");
      copy.textContent = ok ? "✓ " + T.copied : T.copyFailed;
      toast(ok ? T.copied : T.copyFailed);
      return;
    }
    if (t.closest("#copy-all")) {
      const turns = Array.from(document.querySelectorAll('#chat .plain-turn'));
      if (!turns.length) { toast(T.nothingToCopy); return; }
      const text = T.title + "\n\n" + turns.map((p) => p.textContent).join("\n\n――――――\n\n") + "\n";
      const ok = await copyText(text);
      toast(ok ? T.copiedAll.replace("{n}", turns.length) : T.copyFailed);
    }
  }, true);

  // An error about the question in the box goes once the question is being changed (it would read as being
  // about the new one); the next submission (提问 or Enter) may bring its own.
  function staleError(stale) {
    const error = document.getElementById("question-error");
    if (error) error.classList.toggle("rq-stale", stale);
  }
  document.addEventListener("input", function (e) {
    if (e.target && e.target.closest && e.target.closest("#question")) staleError(true);
  });

  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && e.target && e.target.closest && e.target.closest("#question")) staleError(false);
    if (e.key === "Escape" && document.body.classList.contains("rq-sources-open")) back();
  });

  // Accessible names: Gradio names each message "bot's message: <its HTML>"; use the text instead.
  function fixNames() {
    const log = document.querySelector('#chat [role="log"]');
    if (log && log.getAttribute("aria-label") !== T.chatLabel) log.setAttribute("aria-label", T.chatLabel);
    document.querySelectorAll("#chat [aria-label]").forEach(function (el) {
      const label = el.getAttribute("aria-label");
      if (label === "Scroll down") { // Gradio's own, not translatable
        el.setAttribute("aria-label", T.scrollDown);
        el.setAttribute("title", T.scrollDown);
        return;
      }
      const who = label.startsWith("bot's message") ? T.bot : label.startsWith("user's message") ? T.user : null;
      if (!who) return;
      const plain = el.querySelector('.plain-answer');
      const text = plain ? plain.textContent : el.textContent;
      el.setAttribute("aria-label", who + text.replace(/\s+/g, " ").trim().slice(0, 500));
    });
  }

  // What changes without a page load is said to screen readers: the errors under the box and the feedback
  // confirmation are polite live regions; 👍/👎 say which one is chosen; the chat log (a live region) is busy
  // while an answer streams, so it is read once, whole, not token by token.
  function liveStates() {
    for (const id of ["question-error", "feedback-status"]) {
      const el = document.getElementById(id);
      if (el && el.getAttribute("role") !== "status") {
        el.setAttribute("role", "status");
        el.setAttribute("aria-live", "polite");
      }
    }
    for (const id of ["feedback-up", "feedback-down"]) {
      const el = document.getElementById(id);
      const pressed = String(!!el && el.classList.contains("primary"));
      if (el && el.getAttribute("aria-pressed") !== pressed) el.setAttribute("aria-pressed", pressed);
    }
    const log = document.querySelector('#chat [role="log"]');
    if (!log) return;
    const rows = log.querySelectorAll(".message-row");
    const last = rows.length ? rows[rows.length - 1] : null;
    const busy = String(!!last && !!last.querySelector(".rq-streaming"));
    if (log.getAttribute("aria-busy") !== busy) log.setAttribute("aria-busy", busy);
  }

  // Scrolling the chat: to the bottom while an answer is on its way; once it is there, to its question (or
  // the answer's top when the question is long), so the direct answer is what one sees first.
  let shown = null;
  function scrollChat() {
    const box = document.querySelector('#chat [role="log"]');
    if (!box) return;
    const rows = box.querySelectorAll(".message-row");
    if (!rows.length) { shown = null; return; }
    const last = rows[rows.length - 1];
    const answer = last.querySelector(".answer");
    if (!answer) { box.scrollTop = box.scrollHeight; return; }
    const key = turnOf(answer);
    if (key === shown) return;
    shown = key;
    const offset = (el) => el.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    const question = rows.length > 1 ? rows[rows.length - 2] : last;
    const top = offset(last) - offset(question) > box.clientHeight / 4 ? offset(last) : offset(question);
    box.scrollTop = Math.max(0, top - 8);
  }

  // Gradio's error pop-ups carry English texts written into its page ("Connection to the server was lost…",
  // "Could not parse server response: SyntaxError…"): an official reads them in Chinese, without the jargon.
  function translateToasts() {
    for (const body of document.querySelectorAll('[data-testid="toast-body"]')) {
      const title = body.querySelector(".toast-title");
      const node = title && title.firstChild;
      if (node && node.nodeType === Node.TEXT_NODE && node.textContent !== T.toastTitle + " ") node.textContent = T.toastTitle + " ";
      for (const text of body.querySelectorAll('[data-testid="toast-text"]')) {
        if (/[\u4e00-\u9fff]/.test(text.textContent)) continue; // ours, already Chinese
        text.textContent = /connection/i.test(text.textContent) ? T.toastLost : T.toastOther;
      }
    }
  }

  let pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      translateToasts();
      fixNames();
      liveStates();
      scrollChat();
    });
  }).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["aria-label", "class"] });
})();
