import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import { AuthProvider } from "../auth/AuthContext";
import { excerptHtml } from "../pages/search/labels";

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

const SUGGESTIONS = [
  { type: "draft", id: 7, title: "CCTP voirie communale", url: "/brouillons/7" },
  { type: "library", id: 3, title: "Voirie : le guide", url: "/base-documentaire/3" },
];

const RESULTS = {
  count: 2,
  next: null,
  previous: null,
  facets: { library: 1, draft: 1, post: 0, tender: 0, act: 0 },
  results: [
    {
      type: "draft",
      id: 7,
      title: "CCTP voirie communale",
      excerpt: 'Réfection de la <mark>voirie</mark><img src=x onerror="alert(1)"> <script>alert(2)</script>',
      url: "/brouillons/7",
      collectivite: { id: 1, name: "Rennes", kind: "commune", departement_code: "35" },
      context: "Voirie",
      date: "2026-12-03",
    },
    {
      type: "library",
      id: 3,
      title: "Voirie : le guide",
      excerpt: "Entretenir la <mark>voirie</mark>.",
      url: "/base-documentaire/3",
      collectivite: null,
      context: "Commande publique",
      date: "2026-11-02",
    },
  ],
};

let requests: URL[];
let searchAnswer: () => Response;

beforeEach(() => {
  requests = [];
  searchAnswer = () => json(200, RESULTS);
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      requests.push(url);
      if (url.pathname === "/api/v1/me/") return json(401, { message: "Non authentifié.", extra: {} });
      if (url.pathname === "/api/v1/search/suggestions/") return json(200, SUGGESTIONS);
      if (url.pathname === "/api/v1/search/") return searchAnswer();
      return json(200, { count: 0, next: null, previous: null, results: [] });
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function renderApp(path = "/") {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <AuthProvider>
        <App />
      </AuthProvider>
    </MemoryRouter>,
  );
}

describe("the header's search box", () => {
  it("is a combobox whose suggestions the arrow keys walk through and Enter opens", async () => {
    renderApp();
    const user = userEvent.setup();
    await screen.findByRole("heading", { level: 1 });
    const box = screen.getByRole("combobox", { name: "Rechercher sur e-Partage" });
    expect(box).toHaveAttribute("aria-expanded", "false");

    await user.type(box, "voir");
    const listbox = await screen.findByRole("listbox", { name: "Suggestions" });
    expect(box).toHaveAttribute("aria-expanded", "true");
    expect(box).toHaveAttribute("aria-controls", listbox.id);
    const options = within(listbox).getAllByRole("option");
    expect(options.map((option) => option.textContent)).toEqual([
      "CCTP voirie communale Brouillon",
      "Voirie : le guide Bibliothèque",
      "Tous les résultats pour « voir »",
    ]);
    // Debounced: one request for the four letters typed.
    expect(requests.filter((url) => url.pathname.endsWith("/suggestions/")).map((url) => url.searchParams.get("q"))).toEqual([
      "voir",
    ]);
    expect(box).toHaveFocus();

    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(box).toHaveAttribute("aria-activedescendant", options[1]!.id);
    expect(options[1]).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{ArrowUp}");
    expect(box).toHaveAttribute("aria-activedescendant", options[0]!.id);

    // Escape closes the list (the words stay), then clears the field.
    await user.keyboard("{Escape}");
    expect(box).toHaveAttribute("aria-expanded", "false");
    expect(box).not.toHaveAttribute("aria-activedescendant");
    expect(box).toHaveValue("voir");
    // Enter opens the highlighted suggestion (a draft: an anonymous visitor is asked to sign in).
    await user.keyboard("{ArrowDown}{Enter}");
    expect(await screen.findByRole("heading", { level: 1, name: "Connexion" })).toBeInTheDocument();
    expect(box).toHaveAttribute("aria-expanded", "false");
  });

  it("goes to the results page on Enter, and Escape on a closed list clears the field", async () => {
    renderApp("/collectivites");
    const user = userEvent.setup();
    await screen.findByRole("heading", { level: 1 });
    const box = screen.getByRole("combobox", { name: "Rechercher sur e-Partage" });
    await user.type(box, "x");
    await user.keyboard("{Escape}");
    expect(box).toHaveValue("");

    await user.type(box, "voirie{Enter}");
    expect(await screen.findByRole("heading", { level: 1, name: "Recherche" })).toBeInTheDocument();
    expect(document.title).toBe("Recherche : voirie · e-Partage");
    expect(box).toHaveValue("voirie");
    expect(await screen.findByRole("tab", { name: "Tout (2)" })).toHaveAttribute("aria-selected", "true");
  });
});

describe("the results page", () => {
  it("shows each result's kind, place, date and highlighted excerpt, and a tab per kind", async () => {
    renderApp("/recherche?q=voirie");
    const user = userEvent.setup();
    expect(await screen.findByText("2 résultats pour « voirie »")).toBeInTheDocument();
    const tabs = screen.getAllByRole("tab").map((tab) => tab.textContent);
    expect(tabs).toEqual([
      "Tout (2)",
      "Bibliothèque (1)",
      "Brouillons (1)",
      "Forums (0)",
      "Consultations (0)",
      "Actes (0)",
    ]);
    const items = within(screen.getByRole("tabpanel")).getAllByRole("listitem");
    expect(within(items[0]!).getByRole("link", { name: "CCTP voirie communale" })).toHaveAttribute(
      "href",
      "/brouillons/7",
    );
    expect(items[0]).toHaveTextContent("Brouillon · Voirie · Rennes · 3 décembre 2026");
    expect(items[1]).toHaveTextContent("Bibliothèque · Commande publique · 2 novembre 2026");
    const marks = items[0]!.querySelectorAll("mark");
    expect([...marks].map((mark) => mark.textContent)).toEqual(["voirie"]);
    expect(items[0]!.querySelector("img, script")).toBeNull();

    await user.click(screen.getByRole("tab", { name: "Brouillons (1)" }));
    expect(screen.getByRole("tab", { name: "Brouillons (1)" })).toHaveAttribute("aria-selected", "true");
    await vi.waitFor(() =>
      expect(requests.some((url) => url.pathname === "/api/v1/search/" && url.searchParams.get("type") === "draft")).toBe(
        true,
      ),
    );
  });

  it("says when nothing is found, and when the search failed", async () => {
    searchAnswer = () =>
      json(200, { count: 0, next: null, previous: null, results: [], facets: { library: 0, draft: 0, post: 0, tender: 0, act: 0 } });
    const { unmount } = renderApp("/recherche?q=introuvable");
    expect((await screen.findByText("Aucun résultat")).closest("p")).toHaveTextContent(
      "Aucun résultat pour « introuvable ».",
    );
    expect(screen.getByRole("tab", { name: "Brouillons (0)" })).toBeInTheDocument();
    unmount();

    searchAnswer = () => json(500, { message: "Erreur du serveur.", code: "server_error", extra: {} });
    renderApp("/recherche?q=voirie");
    expect(await screen.findByRole("alert")).toHaveTextContent("Erreur du serveur.");
    expect(screen.getByRole("button", { name: "Réessayer" })).toBeInTheDocument();
  });

  it("asks for words when there are none, without calling the API", async () => {
    renderApp("/recherche");
    expect(await screen.findByRole("heading", { level: 1, name: "Recherche" })).toBeInTheDocument();
    expect(screen.getByText(/Saisissez un ou plusieurs mots/)).toBeInTheDocument();
    expect(screen.queryByRole("tablist")).toBeNull();
    expect(requests.some((url) => url.pathname === "/api/v1/search/")).toBe(false);
  });
});

describe("excerptHtml", () => {
  it("keeps the text and <mark>, and nothing else", () => {
    expect(excerptHtml('<mark class="x">a</mark> <b>b</b> <a href="javascript:alert(1)">c</a><script>d</script>')).toBe(
      "<mark>a</mark> b c",
    );
  });
});
