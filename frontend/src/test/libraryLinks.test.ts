import { describe, expect, it } from "vitest";
import { libraryPagePath } from "../library/labels";

describe("libraryPagePath", () => {
  it("opens a training module in the training view, any other page in the reading view", () => {
    expect(libraryPagePath({ id: 7, kind: "training_module" })).toBe("/base-documentaire/formation/7");
    expect(libraryPagePath({ id: 8, kind: "guide" })).toBe("/base-documentaire/8");
    expect(libraryPagePath({ id: 9, kind: "training_lesson" })).toBe("/base-documentaire/9");
  });
});
