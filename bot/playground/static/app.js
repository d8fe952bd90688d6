// The playground page: polls the simulator's state for the chosen person and acts through its API.
"use strict";

(() => {
  const { el, render, values, restore, plain } = Blocks;
  const $ = (id) => document.getElementById(id);
  const HOME = "home";
  const ui = {
    user: new URLSearchParams(location.search).get("user") || localStorage.getItem("playground-user") || "UANNA",
    conversation: null,
    thread: null,
    state: null,
    drawn: {},
    modalKey: null,
  };

  async function api(path, body) {
    const response = await fetch(`/api/${path}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ user: ui.user, ...body }),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) toast(answer.error || `Fejl (${response.status})`);
    refresh();
    return answer;
  }

  function toast(text) {
    const box = $("toast");
    box.textContent = text;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 6000);
  }

  function context(extra = {}) {
    const s = ui.state;
    return { names: s.names, people: s.people, conversations: s.conversations, onChange: null, ...extra };
  }

  // --------------------------------------------------------------------- drawing

  function once(key, value, draw) {
    const text = JSON.stringify(value);
    if (ui.drawn[key] === text) return;
    ui.drawn[key] = text;
    draw();
  }

  function drawWho() {
    once("who", [ui.state.people, ui.user], () => {
      $("who").replaceChildren(...ui.state.people.map((p) => el("option", { value: p.id, selected: p.id === ui.user }, p.lead ? `${p.name} (leder)` : p.name)));
    });
  }

  function drawSidebar() {
    const s = ui.state;
    once("sidebar", [s.conversations, ui.conversation], () => {
      const item = (id, label, prefix) => el("li", {}, el("button", {
        type: "button", class: id === ui.conversation ? "active" : "", "data-conv": id, onclick: () => open(id),
      }, prefix, label));
      $("channels").replaceChildren(...s.conversations.filter((c) => c.kind === "channel" || c.kind === "group").map((c) => item(c.id, c.name, "# ")));
      $("groups").replaceChildren(...s.conversations.filter((c) => c.kind === "mpim").map((c) => item(c.id, c.name, "")));
      const dm = s.conversations.find((c) => c.kind === "im");
      $("apps").replaceChildren(item(HOME, "Sparring – Hjem", ""), ...(dm ? [item(dm.id, "Sparring – Beskeder", "")] : []));
    });
  }

  function messageNode(message, replies, inThread) {
    const s = ui.state;
    const who = message.user === s.bot ? "Sparring" : s.names[message.user] || message.user;
    const ctx = context({ onAction: (element, block, value) => api("click", { channel: message.channel, ts: message.ts, action_id: element.action_id, block_id: block.block_id, value }) });
    const body = message.blocks.length ? render(message.blocks, ctx) : el("div", { class: "text", html: Blocks.mrkdwn(message.text, s.names) });
    return el("div", { class: `message${message.ephemeral ? " ephemeral" : ""}`, "data-ts": message.ts, "data-user": message.user || "" },
      el("div", { class: "meta" }, el("strong", {}, who), message.user === s.bot ? el("span", { class: "app-badge" }, "APP") : null,
        message.ephemeral ? el("span", { class: "only-you" }, "Kun synlig for dig") : null),
      body,
      !inThread && replies && replies.length ? el("button", { type: "button", class: "replies", onclick: () => openThread(message.ts) }, `${replies.length} svar`) : null,
      !inThread && !message.ephemeral && !(replies && replies.length) ? el("button", { type: "button", class: "reply-link", onclick: () => openThread(message.ts) }, "Svar i tråd") : null);
  }

  function drawConversation() {
    const s = ui.state;
    if (ui.conversation === HOME) {
      once("main", ["home", s.home], () => {
        $("title").textContent = "Sparring – Hjem";
        const home = s.home;
        const ctx = context({ onAction: (element, block, value) => api("click", { view_id: home.id, action_id: element.action_id, block_id: block.block_id, value }) });
        $("messages").replaceChildren(home ? render(home.blocks, ctx) : el("p", { class: "empty" }, "Hjem-fanen hentes …"));
        $("composer-form").hidden = true;
      });
      return;
    }
    const messages = s.messages[ui.conversation] || [];
    once("main", [ui.conversation, messages, s.names], () => {
      const conv = s.conversations.find((c) => c.id === ui.conversation);
      $("title").textContent = conv ? (conv.kind === "channel" ? `# ${conv.name}` : conv.name) : "";
      const top = messages.filter((m) => !m.thread_ts);
      $("messages").replaceChildren(...top.map((m) => messageNode(m, messages.filter((r) => r.thread_ts === m.ts), false)));
      $("messages").scrollTop = $("messages").scrollHeight;
      $("composer-form").hidden = false;
    });
    const parent = messages.find((m) => m.ts === ui.thread);
    once("thread", [ui.thread, parent, messages.filter((m) => m.thread_ts === ui.thread)], () => {
      $("thread").hidden = !parent;
      if (!parent) return;
      const replies = messages.filter((m) => m.thread_ts === ui.thread);
      $("thread-messages").replaceChildren(messageNode(parent, [], true), el("div", { class: "divider-label" }, `${replies.length} svar`), ...replies.map((m) => messageNode(m, [], true)));
    });
  }

  function drawModal() {
    const view = ui.state.modal;
    const key = view ? `${view.id}:${view.hash}` : null;
    if (key === ui.modalKey) return;
    const overlay = $("overlay");
    const old = overlay.querySelector(".modal");
    const previous = old && view && old.dataset.viewId === view.id ? values(old, JSON.parse(old.dataset.view)) : [];
    ui.modalKey = key;
    if (!view) { overlay.hidden = true; overlay.replaceChildren(); return; }
    const ctx = context({ onAction: (element, block, value) => api("click", { view_id: view.id, action_id: element.action_id, block_id: block.block_id, value, values: values(overlay, view) }) });
    const modal = el("form", { class: "modal", role: "dialog", "aria-label": plain(view.title), "data-view-id": view.id, "data-callback-id": view.callback_id },
      el("div", { class: "modal-head" }, el("h2", {}, plain(view.title)), el("button", { type: "button", class: "x", "aria-label": "Luk", onclick: () => close(view) }, "✕")),
      el("div", { class: "modal-body" }, render(view.blocks, ctx)),
      el("div", { class: "modal-foot" },
        el("button", { type: "button", class: "btn close", onclick: () => close(view) }, plain(view.close) || "Luk"),
        view.submit ? el("button", { type: "submit", class: "btn primary submit" }, plain(view.submit)) : null));
    modal.dataset.view = JSON.stringify(view);
    modal.addEventListener("submit", (event) => { event.preventDefault(); submit(view, modal); });
    overlay.replaceChildren(modal);
    restore(modal, view, previous);
    overlay.hidden = false;
  }

  function drawClock() {
    const clock = ui.state.clock;
    once("clock", clock, () => {
      $("clock-now").textContent = clock.label;
      $("clock-jumps").replaceChildren(...clock.jumps.map((j) => el("button", {
        type: "button", "data-jump": j.key, title: j.disabled ? j.hint : j.at_label,
        disabled: j.disabled || null, onclick: () => jump({ key: j.key }),
      }, j.label)));
      $("clock-report").textContent = clock.report.join(" · ");
      if (!$("clock-at").value) $("clock-at").value = clock.now.slice(0, 16);
    });
  }

  // --------------------------------------------------------------------- acting

  function open(id) {
    ui.conversation = id;
    ui.thread = null;
    if (id === HOME) api("home", {});
    draw();
  }

  function openThread(ts) {
    ui.thread = ts;
    draw();
    $("thread-composer").focus();
  }

  async function submit(view, modal) {
    modal.querySelectorAll(".error").forEach((e) => { e.hidden = true; e.textContent = ""; });
    const answer = await api("submit", { view_id: view.id, values: values(modal, view) });
    for (const [blockId, text] of Object.entries(answer.errors || {})) {
      const box = modal.querySelector(`[data-block-id="${CSS.escape(blockId)}"] .error`);
      if (box) { box.textContent = text; box.hidden = false; }
    }
  }

  function close(view) {
    api("close", { view_id: view.id });
  }

  async function jump(body) {
    $("clock-report").textContent = "Kører bottens planlagte tjek …";
    const answer = await api("clock", body);
    if (answer.report) $("clock-report").textContent = answer.report.join(" · ");
  }

  async function send(textarea, threadTs) {
    const text = textarea.value.trim();
    if (!text) return;
    textarea.value = "";
    await api("command", { channel: ui.conversation, text, thread_ts: threadTs || null });
  }

  function onEnter(textarea, threadTs) {
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); send(textarea, threadTs()); }
    });
  }

  // ---------------------------------------------------------------------- loop

  function draw() {
    if (!ui.state) return;
    if (!ui.conversation) {
      const channel = ui.state.conversations.find((c) => c.kind === "channel");
      ui.conversation = channel ? channel.id : HOME;
    }
    drawWho();
    drawSidebar();
    drawConversation();
    drawModal();
    drawClock();
  }

  async function refresh() {
    const user = ui.user;
    const response = await fetch(`/api/state?user=${encodeURIComponent(user)}`);
    if (!response.ok || user !== ui.user) return;
    ui.state = await response.json();
    draw();
  }

  $("who").addEventListener("change", (event) => {
    ui.user = event.target.value;
    localStorage.setItem("playground-user", ui.user);
    ui.thread = null;
    ui.drawn = {};
    ui.modalKey = null;
    if (ui.conversation === HOME) api("home", {});
    refresh();
  });
  $("composer-form").addEventListener("submit", (e) => { e.preventDefault(); send($("composer"), null); });
  $("thread-form").addEventListener("submit", (e) => { e.preventDefault(); send($("thread-composer"), ui.thread); });
  onEnter($("composer"), () => null);
  onEnter($("thread-composer"), () => ui.thread);
  $("thread-close").addEventListener("click", () => { ui.thread = null; draw(); });
  $("clock-go").addEventListener("click", () => {
    const at = $("clock-at").value;
    if (at) jump({ at: `${at}:00${ui.state.clock.now.slice(16)}` });
  });

  refresh();
  setInterval(refresh, 700);
})();
