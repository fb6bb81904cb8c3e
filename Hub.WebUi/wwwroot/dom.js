// DOM helpers shared by the bills and market pages (loaded before them).
"use strict";

window.dom = Object.freeze({
  // el("td", { class: "num" }, "12", otherNode): an element with attributes (null/undefined ones left out) and
  // children (nodes as they are, anything else as text).
  el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value !== null && value !== undefined) node.setAttribute(key, value);
    }
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  },
});
