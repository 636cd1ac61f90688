-- copydesk language server configuration for Neovim 0.11+: `vim.lsp.enable('copydesk')`.
-- Override any field with `vim.lsp.config('copydesk', { ... })`, for example `cmd`.
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
