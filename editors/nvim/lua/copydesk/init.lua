-- copydesk for Neovim: `require('copydesk').setup(opts)` starts the copydesk language server
-- for Markdown and plain-text buffers. Works from Neovim 0.7; lazy.nvim calls it with `opts`.
local M = {}

M.defaults = {
  cmd = { 'copydesk', 'lsp' },
  filetypes = { 'markdown', 'text' },
  root_markers = { 'copydesk.toml', '.git' },
  settings = {
    copydesk = {
      inlayHints = { enabled = true },
    },
  },
}

-- Walks up from `path` to the first folder holding one of `markers`; else the file's folder.
local function find_root(path, markers)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  local start = dir
  while true do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return start
    end
    dir = parent
  end
end

-- Client ids by root folder, for Neovim versions without vim.lsp.start (before 0.8).
local clients_by_root = {}

local function start_for_buffer(config, bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return
  end
  local root_dir = find_root(name, config.root_markers)
  local client_config = {
    name = 'copydesk',
    cmd = config.cmd,
    root_dir = root_dir,
    settings = config.settings,
    init_options = config.init_options or (config.settings and config.settings.copydesk),
    on_attach = config.on_attach,
    capabilities = config.capabilities,
  }
  if vim.lsp.start then
    vim.lsp.start(client_config, { bufnr = bufnr })
    return
  end
  local id = clients_by_root[root_dir]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(client_config)
    if id == nil then
      return
    end
    clients_by_root[root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

--- Starts copydesk for the configured filetypes. `opts` overrides `M.defaults`
--- (`cmd`, `filetypes`, `root_markers`, `settings`, `init_options`, `on_attach`, `capabilities`).
--- `settings.copydesk` also goes as `init_options` unless those are given, so that a
--- `configFile` applies from the start:
---   require('copydesk').setup({ settings = { copydesk = { configFile = 'desk/house-style.toml' } } })
function M.setup(opts)
  local config = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  config.init_options = config.init_options or (config.settings and config.settings.copydesk)
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config('copydesk', config)
    vim.lsp.enable('copydesk')
    return
  end
  local group = vim.api.nvim_create_augroup('copydesk', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      start_for_buffer(config, args.buf)
    end,
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      start_for_buffer(config, bufnr)
    end
  end
end

return M
