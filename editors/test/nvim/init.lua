-- Headless Neovim test of the copydesk plugin against the real server (Neovim 0.7 and 0.11+).
-- Run by editors/test/run: `nvim --headless -u editors/test/nvim/init.lua`, with COPYDESK_BIN
-- (the server binary), COPYDESK_REPO (the repository root) and COPYDESK_NVIM_START (`enable`
-- for vim.lsp.enable on 0.11+, `setup` for require('copydesk').setup()).
vim.cmd('filetype on')
vim.o.swapfile = false
vim.o.shadafile = 'NONE'

local repo = assert(os.getenv('COPYDESK_REPO'), 'COPYDESK_REPO is not set')
local bin = assert(os.getenv('COPYDESK_BIN'), 'COPYDESK_BIN is not set')
local start = os.getenv('COPYDESK_NVIM_START') or 'enable'
vim.opt.runtimepath:prepend(repo .. '/editors/nvim')

local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local function read_file(path)
  local f = assert(io.open(path, 'r'))
  local text = f:read('*a')
  f:close()
  return text
end

local expect = vim.fn.json_decode(read_file(repo .. '/editors/test/expect.json'))
local pending = {}
for line in read_file(os.getenv('COPYDESK_PENDING') or (repo .. '/editors/test/pending')):gmatch('[^\n]+') do
  if not line:match('^%s*#') and line:match('%S') then
    pending[vim.trim(line)] = true
  end
end

local counts = { passed = 0, failed = 0, pending = 0 }
local label = ('nvim %d.%d (%s)'):format(
  vim.version().major,
  vim.version().minor,
  start == 'enable' and 'vim.lsp.enable' or 'setup()'
)

-- Runs one assertion group; a group tagged with a pending feature may fail without failing the run.
local function check(feature, name, fn)
  local ok, err = pcall(fn)
  if pending[feature] then
    if ok then
      counts.failed = counts.failed + 1
      out(('not ok - %s: %s: passes now; remove "%s" from editors/test/pending'):format(label, name, feature))
    else
      counts.pending = counts.pending + 1
      out(('pending - %s: %s (waits for %s): %s'):format(label, name, feature, tostring(err)))
    end
  elseif ok then
    counts.passed = counts.passed + 1
    out(('ok - %s: %s'):format(label, name))
  else
    counts.failed = counts.failed + 1
    out(('not ok - %s: %s: %s'):format(label, name, tostring(err)))
  end
end

local function open(relative)
  vim.cmd('edit ' .. vim.fn.fnameescape(repo .. '/' .. relative))
  return vim.api.nvim_get_current_buf()
end

local function code_of(d)
  if d.code ~= nil then
    return d.code
  end
  return d.user_data and d.user_data.lsp and d.user_data.lsp.code
end

-- Waits until the buffer has `n` diagnostics with `code`, and returns them sorted by position.
local function wait_for_diagnostics(bufnr, code, n)
  local found = {}
  vim.wait(10000, function()
    found = vim.tbl_filter(function(d)
      return code_of(d) == code
    end, vim.diagnostic.get(bufnr))
    return #found >= n
  end, 50)
  table.sort(found, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return found
end

local function covered_text(bufnr, d)
  local line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1] or ''
  return line:sub(d.col + 1, d.end_col)
end

local function assert_diagnostics(case)
  local bufnr = open(case.file)
  local found = wait_for_diagnostics(bufnr, case.code, #case.diagnostics)
  assert(#found == #case.diagnostics, ('expected %d %s, got %d'):format(#case.diagnostics, case.code, #found))
  for i, want in ipairs(case.diagnostics) do
    local d = found[i]
    assert(d.lnum + 1 == want.line, ('%s #%d on line %d, expected %d'):format(case.code, i, d.lnum + 1, want.line))
    local text = covered_text(bufnr, d)
    assert(text == want.text, ('%s #%d covers "%s", expected "%s"'):format(case.code, i, text, want.text))
    if want.column ~= nil then
      local line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1]
      local column = vim.fn.strchars(line:sub(1, d.col)) + 1
      assert(column == want.column, ('%s #%d at column %d, expected %d'):format(case.code, i, column, want.column))
    end
    if want.message ~= nil then
      local message = ('%s #%d says "%s", expected it to contain "%s"'):format(case.code, i, d.message, want.message)
      assert(d.message:find(want.message, 1, true), message)
    end
    assert(d.severity == vim.diagnostic.severity.WARN, ('%s #%d is not a warning'):format(case.code, i))
  end
end

local function hover_text(result)
  local contents = result and result.contents
  if type(contents) == 'string' then
    return contents
  elseif type(contents) == 'table' and contents.value then
    return contents.value
  elseif type(contents) == 'table' then
    local parts = {}
    for _, c in ipairs(contents) do
      parts[#parts + 1] = type(c) == 'string' and c or c.value
    end
    return table.concat(parts, '\n')
  end
  return ''
end

local function assert_hover(case)
  local bufnr = open(case.file)
  local clients = {}
  vim.wait(10000, function()
    clients = (vim.lsp.get_clients or vim.lsp.buf_get_clients)(vim.lsp.get_clients and { bufnr = bufnr } or bufnr)
    return next(clients) ~= nil and select(2, next(clients)).initialized ~= false
  end, 50)
  local _, client = next(clients)
  assert(client, 'no copydesk client attached to ' .. case.file)
  local line = vim.api.nvim_buf_get_lines(bufnr, case.line - 1, case.line, false)[1]
  local col = assert(line:find(case.word, 1, true), case.word .. ' not found on line ' .. case.line)
  vim.api.nvim_win_set_cursor(0, { case.line, col - 1 })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 5000) or {}
  local text = ''
  for _, response in pairs(responses) do
    assert(response.err == nil, 'hover error: ' .. vim.inspect(response.err))
    text = text .. hover_text(response.result)
  end
  for _, want in ipairs(case.contains) do
    assert(text:find(want, 1, true), ('hover lacks "%s"; got: %s'):format(want, text))
  end
end

local function main()
  if start == 'enable' then
    vim.lsp.config('copydesk', { cmd = { bin, 'lsp' } })
    vim.lsp.enable('copydesk')
  else
    require('copydesk').setup({ cmd = { bin, 'lsp' } })
  end
  check(expect.stray_quote.feature, 'unclosed-quote on the stray-quote fixture', function()
    assert_diagnostics(expect.stray_quote)
  end)
  check(expect.name_spelling.feature, 'name-spelling warnings on putin-libya.txt', function()
    assert_diagnostics(expect.name_spelling)
  end)
  check(expect.hover.feature, 'hover on "Semenov" in line 13 of putin-libya.txt', function()
    assert_hover(expect.hover)
  end)
  for _, client in pairs((vim.lsp.get_clients or vim.lsp.get_active_clients)()) do
    vim.lsp.stop_client(client.id)
  end
  out(('%s: %d passed, %d failed, %d pending'):format(label, counts.passed, counts.failed, counts.pending))
  os.exit(counts.failed == 0 and 0 or 1)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  nested = true,
  callback = function()
    local ok = xpcall(main, function(err)
      out('not ok - ' .. label .. ': ' .. debug.traceback(tostring(err)))
    end)
    if not ok then
      os.exit(1)
    end
  end,
})
