// Block Kit to HTML for the playground: messages, App Home and modals. Plain DOM, no framework.
// Images are shown by their alt text only: the page fetches nothing from outside this machine.
"use strict";

const Blocks = (() => {
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "html") node.innerHTML = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // The shortcodes the bot's texts use (Slack shows them as emoji).
  const EMOJI = {
    arrow_backward: "◀️", busts_in_silhouette: "👥", handshake: "🤝", hourglass_flowing_sand: "⏳",
    leftwards_arrow_with_hook: "↩️", speech_balloon: "💬", white_check_mark: "✅", zzz: "💤",
  };

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  function unescapeSlack(text) {
    return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }

  // Slack mrkdwn: <@U1>, <#C1|name>, <url|text>, *bold*, _italic_, ~strike~, `code`, ```pre```, > quote
  function mrkdwn(text, names) {
    const tokens = [];
    const keep = (html) => `\u0000${tokens.push(html) - 1}\u0000`;
    let source = String(text || "").replace(/<([^<>]+)>/g, (_m, inner) => {
      const [target, label] = inner.split("|");
      if (target.startsWith("@")) return keep(`<span class="mention">@${escapeHtml(names[target.slice(1)] || target.slice(1))}</span>`);
      if (target.startsWith("#")) return keep(`<span class="mention">#${escapeHtml(label || target.slice(1))}</span>`);
      if (target.startsWith("!")) return keep(`<span class="mention">@${escapeHtml(label || target.slice(1))}</span>`);
      return keep(`<a href="${escapeHtml(unescapeSlack(target))}" target="_blank" rel="noopener noreferrer">${escapeHtml(unescapeSlack(label || target))}</a>`);
    });
    source = source.replace(/```([\s\S]*?)```/g, (_m, code) => keep(`<pre>${escapeHtml(unescapeSlack(code))}</pre>`));
    source = source.replace(/`([^`\n]+)`/g, (_m, code) => keep(`<code>${escapeHtml(unescapeSlack(code))}</code>`));
    let html = escapeHtml(unescapeSlack(source)).replace(/:([a-z_]+):/g, (m, name) => EMOJI[name] || m);
    html = html.replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/g, "$1<b>$2</b>");
    html = html.replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/g, "$1<i>$2</i>");
    html = html.replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,:;!?])/g, "$1<s>$2</s>");
    html = html.split("\n").map((line) => (line.startsWith("&gt; ") ? `<blockquote>${line.slice(5)}</blockquote>` : line)).join("<br>");
    html = html.replace(/<\/blockquote><br><blockquote>/g, "<br>");
    return html.replace(/\u0000(\d+)\u0000/g, (_m, i) => tokens[Number(i)]);
  }

  function textNode(text, names, tag = "div", cls = "text") {
    if (!text) return null;
    if (text.type === "plain_text") return el(tag, { class: cls }, text.text);
    return el(tag, { class: cls, html: mrkdwn(text.text, names) });
  }

  function plain(text) {
    return text ? text.text : "";
  }

  function options(element) {
    if (element.option_groups) return element.option_groups.flatMap((group) => group.options);
    return element.options || [];
  }

  // ------------------------------------------------------------- interactive elements

  function selectFrom(element, choices, initial, ctx) {
    const multiple = element.type.startsWith("multi_");
    const select = el("select", { "data-action-id": element.action_id, multiple, "aria-label": plain(element.placeholder) || element.action_id });
    if (!multiple) select.append(el("option", { value: "" }, plain(element.placeholder) || "Vælg …"));
    const chosen = new Set([].concat(initial || []));
    const add = (parent, value, label) => parent.append(el("option", { value, selected: chosen.has(value) }, label));
    if (element.option_groups && !choices) {
      for (const group of element.option_groups) {
        const optgroup = el("optgroup", { label: plain(group.label) });
        group.options.forEach((o) => add(optgroup, o.value, plain(o.text)));
        select.append(optgroup);
      }
    } else {
      (choices || options(element).map((o) => [o.value, plain(o.text)])).forEach(([value, label]) => add(select, value, label));
    }
    if (ctx.onChange) select.addEventListener("change", () => ctx.onChange(element, readValue(element, select)));
    return select;
  }

  function element(element, block, ctx) {
    const names = ctx.names;
    switch (element.type) {
      case "button":
        return el("button", {
          type: "button", class: `btn ${element.style || ""}`, "data-action-id": element.action_id,
          onclick: () => ctx.onAction(element, block, null),
        }, plain(element.text));
      case "plain_text_input": {
        const tag = element.multiline ? "textarea" : "input";
        const input = el(tag, { "data-action-id": element.action_id, placeholder: plain(element.placeholder), maxlength: element.max_length, rows: element.multiline ? 4 : undefined, "aria-label": element.action_id });
        if (element.initial_value) input.value = element.initial_value;
        return input;
      }
      case "static_select": case "multi_static_select": case "external_select":
        return selectFrom(element, null, element.type === "multi_static_select" ? (element.initial_options || []).map((o) => o.value) : element.initial_option && element.initial_option.value, ctx);
      case "users_select": case "multi_users_select":
        return selectFrom(element, ctx.people.map((p) => [p.id, p.name]), element.initial_user || element.initial_users, ctx);
      case "conversations_select": case "channels_select":
        return selectFrom(element, ctx.conversations.map((c) => [c.id, c.name]), element.initial_conversation || element.initial_channel, ctx);
      case "overflow":
        return selectFrom({ ...element, placeholder: { text: "⋯" } }, null, null, { ...ctx, onChange: (e, v) => ctx.onAction(e, block, v) });
      case "radio_buttons": case "checkboxes": {
        const kind = element.type === "radio_buttons" ? "radio" : "checkbox";
        const initial = new Set([].concat(element.initial_option ? [element.initial_option.value] : [], (element.initial_options || []).map((o) => o.value)));
        const group = el("div", { class: `choices ${kind}`, "data-action-id": element.action_id, role: kind === "radio" ? "radiogroup" : "group" });
        const groupName = `${block.block_id}-${element.action_id}`;
        for (const option of options(element)) {
          const input = el("input", { type: kind, name: groupName, value: option.value, checked: initial.has(option.value) });
          if (ctx.onChange) input.addEventListener("change", () => ctx.onChange(element, readValue(element, group)));
          group.append(el("label", { class: "choice" }, input, " ", textNode(option.text, names, "span", "label"), option.description ? el("small", {}, plain(option.description)) : null));
        }
        return group;
      }
      case "datepicker": {
        const input = el("input", { type: "date", "data-action-id": element.action_id, "aria-label": element.action_id });
        if (element.initial_date) input.value = element.initial_date;
        if (ctx.onChange) input.addEventListener("change", () => ctx.onChange(element, input.value || null));
        return input;
      }
      case "timepicker": {
        const input = el("input", { type: "time", "data-action-id": element.action_id, "aria-label": element.action_id });
        if (element.initial_time) input.value = element.initial_time;
        return input;
      }
      case "image":
        return el("span", { class: "image-alt", title: element.alt_text }, `🖼 ${element.alt_text || ""}`);
      default:
        return el("span", { class: "unsupported" }, `[${element.type}]`);
    }
  }

  // What the person has entered in an element, in the simulator's terms (null when empty).
  function readValue(element, node) {
    if (!node) return null;
    switch (element.type) {
      case "radio_buttons": {
        const checked = node.querySelector("input:checked");
        return checked ? checked.value : null;
      }
      case "checkboxes":
        return [...node.querySelectorAll("input:checked")].map((i) => i.value);
      case "multi_static_select": case "multi_users_select":
        return [...node.selectedOptions].map((o) => o.value);
      default:
        return node.value === "" ? null : node.value;
    }
  }

  // ------------------------------------------------------------------------ blocks

  function richText(block, names) {
    const inline = (items) => items.map((item) => {
      if (item.type === "user") return el("span", { class: "mention" }, `@${names[item.user_id] || item.user_id}`);
      if (item.type === "link") return el("a", { href: item.url, target: "_blank", rel: "noopener noreferrer" }, item.text || item.url);
      if (item.type === "emoji") return item.unicode ? String.fromCodePoint(...item.unicode.split("-").map((h) => parseInt(h, 16))) : `:${item.name}:`;
      const style = item.style || {};
      let node = document.createTextNode(item.text || "");
      for (const [flag, tag] of [["bold", "b"], ["italic", "i"], ["strike", "s"], ["code", "code"]]) {
        if (style[flag]) node = el(tag, {}, node);
      }
      return node;
    });
    const part = (section) => {
      if (section.type === "rich_text_list") {
        return el(section.style === "ordered" ? "ol" : "ul", {}, section.elements.map((s) => el("li", {}, inline(s.elements || []))));
      }
      if (section.type === "rich_text_quote") return el("blockquote", {}, inline(section.elements || []));
      if (section.type === "rich_text_preformatted") return el("pre", {}, inline(section.elements || []));
      return el("div", { class: "text pre-wrap" }, inline(section.elements || []));
    };
    return el("div", { class: "block rich" }, (block.elements || []).map(part));
  }

  function block(b, ctx) {
    const names = ctx.names;
    const attrs = { class: `block ${b.type}`, "data-block-id": b.block_id };
    switch (b.type) {
      case "section":
        return el("div", attrs,
          el("div", { class: "section-body" },
            textNode(b.text, names),
            b.fields ? el("div", { class: "fields" }, b.fields.map((f) => textNode(f, names))) : null),
          b.accessory ? el("div", { class: "accessory" }, element(b.accessory, b, ctx)) : null);
      case "context":
        return el("div", attrs, (b.elements || []).map((e) => (e.type === "image" ? element(e, b, ctx) : textNode(e, names, "span", "ctx"))));
      case "header":
        return el("h3", attrs, plain(b.text));
      case "divider":
        return el("hr", attrs);
      case "actions":
        return el("div", attrs, (b.elements || []).map((e) => element(e, b, ctx)));
      case "image":
        return el("figure", attrs, b.title ? el("figcaption", {}, plain(b.title)) : null, el("span", { class: "image-alt" }, `🖼 ${b.alt_text || ""}`));
      case "rich_text":
        return richText(b, names);
      case "input": {
        const field = el("div", { ...attrs, class: "block input field", "data-type": b.element.type });
        field.append(el("label", { class: "field-label" }, plain(b.label), b.optional ? el("small", {}, " (valgfrit)") : null));
        const inputCtx = b.dispatch_action ? { ...ctx, onChange: (e, v) => ctx.onAction(e, b, v) } : { ...ctx, onChange: null };
        field.append(element(b.element, b, inputCtx));
        if (b.hint) field.append(el("div", { class: "hint" }, plain(b.hint)));
        field.append(el("div", { class: "error", hidden: true }));
        return field;
      }
      default:
        return el("div", { ...attrs, class: "block unsupported" }, `[${b.type}]`);
    }
  }

  function render(blocks, ctx) {
    return el("div", { class: "blocks" }, (blocks || []).map((b) => block(b, ctx)));
  }

  // Every input of a view as [[block_id, action_id, value], …] for a submission.
  function values(container, view) {
    const out = [];
    for (const b of view.blocks || []) {
      if (b.type !== "input") continue;
      const node = container.querySelector(`[data-block-id="${CSS.escape(b.block_id)}"] [data-action-id="${CSS.escape(b.element.action_id)}"]`);
      const value = readValue(b.element, node);
      if (value !== null && !(Array.isArray(value) && value.length === 0)) out.push([b.block_id, b.element.action_id, value]);
    }
    return out;
  }

  // Put entered values back after the bot updated the view (Slack keeps them per block_id).
  function restore(container, view, previous) {
    for (const [blockId, actionId, value] of previous) {
      const b = (view.blocks || []).find((x) => x.block_id === blockId && x.type === "input" && x.element.action_id === actionId);
      if (!b) continue;
      const node = container.querySelector(`[data-block-id="${CSS.escape(blockId)}"] [data-action-id="${CSS.escape(actionId)}"]`);
      if (!node) continue;
      if (b.element.type === "radio_buttons" || b.element.type === "checkboxes") {
        const chosen = new Set([].concat(value));
        node.querySelectorAll("input").forEach((i) => { i.checked = chosen.has(i.value); });
      } else if (node.multiple) {
        const chosen = new Set(value);
        [...node.options].forEach((o) => { o.selected = chosen.has(o.value); });
      } else {
        node.value = value;
      }
    }
  }

  return { el, mrkdwn, render, values, restore, plain };
})();
