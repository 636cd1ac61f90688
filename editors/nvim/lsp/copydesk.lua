-- copydesk language server configuration for Neovim 0.11+: `vim.lsp.enable('copydesk')`.
-- Override any field with `vim.lsp.config('copydesk', { ... })`, for example `cmd`, or the
-- house style sheet when it is not copydesk.toml at the root (path relative to the root,
-- absolute, or ~/...); give it in both tables so that it applies from the start:
--   local copydesk = { configFile = 'desk/house-style.toml' }
--   vim.lsp.config('copydesk', { init_options = copydesk, settings = { copydesk = copydesk } })
local settings = {
  inlayHints = { enabled = true },
}

return {
  cmd = { 'copydesk', 'lsp' },
  filetypes = { 'markdown', 'text' },
  root_markers = { 'copydesk.toml', '.git' },
  init_options = settings,
  settings = { copydesk = settings },
}
