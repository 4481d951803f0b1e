import { describe, expect, it } from "vitest";
import {
  ApiError,
  asApiError,
  codeForStatus,
  fieldError,
  nestedFieldError,
  networkError,
  parseFieldErrors,
  toApiError,
} from "../api/errors";

describe("toApiError", () => {
  it("keeps the server's message and field errors", () => {
    const error = toApiError(400, {
      message: "Les données envoyées sont invalides.",
      extra: { fields: { email: ["Saisissez une adresse électronique valide."] } },
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.message).toBe("Les données envoyées sont invalides.");
    expect(error.fields).toEqual({ email: ["Saisissez une adresse électronique valide."] });
    expect(fieldError(error, "email")).toBe("Saisissez une adresse électronique valide.");
    expect(fieldError(error, "role")).toBeUndefined();
  });

  it("keeps extra details such as the lockout delay", () => {
    const error = toApiError(429, {
      message: "Trop de tentatives de connexion échouées.",
      extra: { retry_after_seconds: 900 },
    });
    expect(error.extra.retry_after_seconds).toBe(900);
    expect(error.fields).toEqual({});
  });

  it("falls back to a French message when the body is not the API's shape", () => {
    expect(toApiError(502, "<html>Bad gateway</html>").message).toMatch(/serveur/);
    expect(toApiError(404, undefined).message).toBe("Ressource introuvable.");
    expect(toApiError(403, { detail: "nope" }).message).toMatch(/droits/);
    expect(toApiError(400, { message: "  " }).message).toBe("La requête a échoué.");
  });

  it("exposes non-field errors separately", () => {
    const error = toApiError(400, {
      message: "Invalide",
      extra: { fields: { non_field_errors: ["Combinaison impossible."] } },
    });
    expect(error.generalErrors).toEqual(["Combinaison impossible."]);
  });
});

describe("error codes", () => {
  it("keeps the code the server sent, whatever the status or the wording", () => {
    const error = toApiError(400, { message: "Le délai est dépassé.", code: "deadline_passed", extra: {} });
    expect(error.code).toBe("deadline_passed");
    expect(error.is("deadline_passed")).toBe(true);
    expect(error.is("invalid", "conflict")).toBe(false);
    // A 404 reworded by the server is still a 404 to the pages: they test the code.
    expect(toApiError(404, { message: "Appel d'offres introuvable.", code: "not_found" }).is("not_found")).toBe(
      true,
    );
    expect(toApiError(401, { message: "Jeton invalide.", code: "authentication_failed" }).code).toBe(
      "authentication_failed",
    );
  });

  it("derives the code from the status when the body has none or an unknown one", () => {
    expect(toApiError(404, "<html>Not Found</html>").code).toBe("not_found");
    expect(toApiError(409, { message: "Conflit", code: "brand_new_code" }).code).toBe("conflict");
    expect(toApiError(502, undefined).code).toBe("server_error");
    expect(toApiError(413, undefined).code).toBe("too_large");
    expect(toApiError(429, { detail: "slow down" }).code).toBe("throttled");
    expect(toApiError(400, null).code).toBe("invalid");
    expect(codeForStatus(401)).toBe("not_authenticated");
    expect(codeForStatus(403)).toBe("permission_denied");
  });

  it("keeps the status available alongside the code", () => {
    const error = toApiError(410, { message: "Parti.", code: "not_found", extra: {} });
    expect(error.status).toBe(410);
    expect(error.code).toBe("not_found");
  });

  it("gives the page's own failures codes of their own", () => {
    const offline = networkError(new TypeError("Failed to fetch"));
    expect(offline.status).toBe(0);
    expect(offline.code).toBe("network_error");
    expect(offline.message).toMatch(/injoignable/);
    expect(asApiError(new Error("boom")).code).toBe("client_error");
    const known = toApiError(403, { message: "Non.", code: "permission_denied" });
    expect(asApiError(known)).toBe(known);
  });

  it("picks the fallback message from the code", () => {
    expect(toApiError(500, "<html/>").message).toMatch(/serveur/);
    expect(toApiError(404, "").message).toBe("Ressource introuvable.");
    expect(toApiError(418, "").message).toBe("La requête a échoué.");
  });
});

describe("parseFieldErrors", () => {
  it("flattens nested and odd values into lists of strings", () => {
    expect(
      parseFieldErrors({
        capabilities: { 0: ["« pilot » n'est pas un choix valide."] },
        role: "Rôle inconnu.",
        empty: [],
      }),
    ).toEqual({
      capabilities: ["« pilot » n'est pas un choix valide."],
      role: ["Rôle inconnu."],
    });
  });

  it("treats a bare list as non-field errors and ignores non-objects", () => {
    expect(parseFieldErrors(["a", "b"])).toEqual({ non_field_errors: ["a", "b"] });
    expect(parseFieldErrors(null)).toEqual({});
    expect(parseFieldErrors("x")).toEqual({});
  });
});

describe("nestedFieldError", () => {
  // The award endpoint's shape: items keyed by position, as DRF does for a list of objects.
  const error = toApiError(400, {
    message: "Lot 2 : 2 titulaires forment un groupement : conjoint ou solidaire.",
    extra: {
      fields: {
        awards: {
          "1": {
            grouping_type: ["2 titulaires forment un groupement : conjoint ou solidaire."],
            price_types: { "0": ["« Ferme » n'est pas un choix valide."] },
            companies: { "0": { siret: ["SIRET invalide : 123."] } },
          },
        },
      },
    },
  });

  it("finds a field of one item, and flattens what is below it", () => {
    expect(nestedFieldError(error, ["awards", 1, "grouping_type"])).toBe(
      "2 titulaires forment un groupement : conjoint ou solidaire.",
    );
    expect(nestedFieldError(error, ["awards", 1, "price_types"])).toBe("« Ferme » n'est pas un choix valide.");
    expect(nestedFieldError(error, ["awards", 1, "companies", 0, "siret"])).toBe("SIRET invalide : 123.");
  });

  it("says nothing for another item, another field or no error", () => {
    expect(nestedFieldError(error, ["awards", 0, "grouping_type"])).toBeUndefined();
    expect(nestedFieldError(error, ["awards", 1, "ccag"])).toBeUndefined();
    expect(nestedFieldError(error, ["awards", 1, "companies", 1, "siret"])).toBeUndefined();
    expect(nestedFieldError(null, ["awards", 0, "ccag"])).toBeUndefined();
  });

  it("reads items sent as a list too", () => {
    const listed = toApiError(400, {
      message: "x",
      extra: { fields: { awards: [{}, { amount: ["Négatif."] }] } },
    });
    expect(nestedFieldError(listed, ["awards", 1, "amount"])).toBe("Négatif.");
  });
});
