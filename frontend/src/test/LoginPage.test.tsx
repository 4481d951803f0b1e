import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AuthProvider } from "../auth/AuthContext";
import { LoginPage } from "../pages/LoginPage";

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

const ME = {
  id: 1,
  username: "alice",
  display_name: "Alice Martin",
  first_name: "Alice",
  last_name: "Martin",
  email: "alice@example.org",
  is_superuser: false,
  platform_roles: [],
  memberships: [],
  company: null,
};

const fetchMock = vi.fn<(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>>();

function renderLogin() {
  return render(
    <MemoryRouter initialEntries={["/connexion?suivant=/compte"]}>
      <AuthProvider>
        <Routes>
          <Route path="/connexion" element={<LoginPage />} />
          <Route path="/compte" element={<p>Page du compte</p>} />
        </Routes>
      </AuthProvider>
    </MemoryRouter>,
  );
}

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
  document.cookie = "csrftoken=tok; path=/";
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("LoginPage", () => {
  it("shows the server's message and the field errors beside their fields", async () => {
    fetchMock
      .mockResolvedValueOnce(json(401, { message: "Non authentifié.", extra: {} }))
      .mockResolvedValueOnce(
        json(400, {
          message: "Les données envoyées sont invalides.",
          extra: { fields: { password: ["Ce champ ne peut être vide."] } },
        }),
      );
    renderLogin();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Identifiant"), "alice");
    await user.click(screen.getByRole("button", { name: "Se connecter" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Les données envoyées sont invalides.");
    const password = screen.getByLabelText("Mot de passe");
    expect(password).toHaveAttribute("aria-invalid", "true");
    expect(password).toHaveAccessibleDescription("Ce champ ne peut être vide.");
  });

  it("signs in and goes to the requested page", async () => {
    fetchMock
      .mockResolvedValueOnce(json(401, { message: "Non authentifié.", extra: {} }))
      .mockResolvedValueOnce(json(200, ME));
    renderLogin();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Identifiant"), "alice");
    await user.type(screen.getByLabelText("Mot de passe"), "secret");
    await user.click(screen.getByRole("button", { name: "Se connecter" }));

    expect(await screen.findByText("Page du compte")).toBeInTheDocument();
    const body = (await (fetchMock.mock.calls[1]?.[0] as Request).json()) as unknown;
    expect(body).toEqual({ username: "alice", password: "secret" });
  });
});
