import { describe, expect, it } from "vitest";
import { ApiError, fieldError, parseFieldErrors, toApiError } from "../api/errors";

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
