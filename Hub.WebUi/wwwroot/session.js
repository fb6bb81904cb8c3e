// The logged-in user in the page header (name, role, log out; Users for the owner) and the antiforgery token that
// every state-changing request of the pages sends as X-CSRF-Token (docs/security.md).
"use strict";

window.hubSession = (() => {
  const ready = fetch("/api/session", { headers: { Accept: "application/json" }, cache: "no-store" })
    .then((r) => r.json())
    .catch(() => ({ name: null, role: null, csrfToken: "" }));

  async function send(url, body, method = "POST") {
    const session = await ready;
    const headers = { Accept: "application/json", "X-CSRF-Token": session.csrfToken };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  function addHeader(session) {
    const bar = document.querySelector("header.bar");
    if (!bar || !session.name) return;
    document.body.dataset.role = session.role;
    const box = document.createElement("p");
    box.className = "session";
    const who = document.createElement("span");
    who.id = "session-user";
    who.textContent = `${session.name} (${session.role})`;
    box.append(who);
    if (session.role === "owner") {
      const users = document.createElement("a");
      users.href = "/users.html";
      users.id = "users-link";
      users.textContent = "Users";
      box.append(" · ", users);
    }
    const out = document.createElement("button");
    out.id = "logout";
    out.type = "button";
    out.textContent = "Log out";
    out.addEventListener("click", async () => {
      await send("/api/logout");
      location.href = "/login.html";
    });
    box.append(" ", out);
    bar.append(box);
  }

  ready.then((session) => {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => addHeader(session));
    else addHeader(session);
  });

  return Object.freeze({ ready, send });
})();
