// Setup page: the setup code and the owner's password, POST /api/setup; the certificate fingerprint to compare.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const session = fetch("/api/session", { headers: { Accept: "application/json" }, cache: "no-store" }).then((r) => r.json());

  session.then((s) => {
    if (!s.setupPending) location.replace(s.name ? "/" : "/login.html");
    if (s.certificateFingerprint) {
      const p = $("setup-fingerprint");
      p.textContent = `The hub's certificate fingerprint (SHA-256): ${s.certificateFingerprint}. Your browser should show the same.`;
      p.hidden = false;
    }
  });

  $("setup-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = $("setup-error");
    error.hidden = true;
    const s = await session;
    const response = await fetch("/api/setup", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": s.csrfToken },
      body: JSON.stringify({ code: $("setup-code").value, name: $("setup-name").value, password: $("setup-password").value }),
    });
    if (response.ok) {
      location.href = "/";
      return;
    }
    const body = await response.json().catch(() => null);
    error.textContent = `${body?.title ?? response.status}: ${body?.detail ?? ""}`;
    error.setAttribute("data-status", String(response.status));
    error.hidden = false;
  });
})();
