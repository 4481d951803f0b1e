import { describe, expect, it } from "vitest";
import { ApiError, fieldError, nestedFieldError, parseFieldErrors, toApiError } from "../api/errors";

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
