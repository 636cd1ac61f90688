// Lint rules for the extension: ESLint's and typescript-eslint's recommended sets, type-aware.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "out/", "node_modules/", "*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      eqeqeq: "error",
    },
  },
  {
    // node:test's test() returns a promise that the runner itself awaits.
    files: ["src/test/**"],
    rules: { "@typescript-eslint/no-floating-promises": "off" },
  },
);
