// Login page: POST /api/login with the antiforgery token of GET /api/session, then back to where the user was going.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const session = fetch("/api/session", { headers: { Accept: "application/json" }, cache: "no-store" }).then((r) => r.json());

  function target() {
    const back = new URLSearchParams(location.search).get("return");
    return back && back.startsWith("/") && !back.startsWith("//") ? back : "/";
  }

  session.then((s) => {
    if (!s.hasOwner) location.replace("/setup.html");
  });

  $("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = $("login-error");
    error.hidden = true;
    const s = await session;
    const response = await fetch("/api/login", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": s.csrfToken },
      body: JSON.stringify({ name: $("login-name").value, password: $("login-password").value }),
    });
    if (response.ok) {
      location.href = target();
      return;
    }
    const body = await response.json().catch(() => null);
    error.textContent = `${body?.title ?? response.status}: ${body?.detail ?? ""}`;
    error.setAttribute("data-status", String(response.status));
    error.hidden = false;
  });
})();
