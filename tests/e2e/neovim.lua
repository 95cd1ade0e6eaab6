-- Headless Neovim end-to-end test of dify-lsp (Neovim 0.7 and 0.11+).
-- Environment: DIFY_LSP_BIN (server binary), DIFY_E2E_ROOT (a copy of examples/broken-plugin),
-- DIFY_LSP_RUNTIME (the repository's editors/neovim, loaded as a user would).
-- Exit status 0 and "PASS" on success; "FAIL: why" and exit status 1 otherwise.

local bin = assert(os.getenv('DIFY_LSP_BIN'), 'DIFY_LSP_BIN')
local root = assert(os.getenv('DIFY_E2E_ROOT'), 'DIFY_E2E_ROOT')
local rt = assert(os.getenv('DIFY_LSP_RUNTIME'), 'DIFY_LSP_RUNTIME')

local function out(msg)
  io.stdout:write(msg .. '\n')
end

local function fail(msg)
  out('FAIL: ' .. msg)
  vim.cmd('cquit 1')
end

local ok, err = pcall(function()
  local v = vim.version()
  out(string.format('nvim %d.%d.%d', v.major, v.minor, v.patch))
  vim.opt.runtimepath:prepend(rt)
  vim.cmd('filetype on')
  vim.cmd('cd ' .. vim.fn.fnameescape(root))

  if vim.lsp.config and vim.lsp.enable then
    -- 0.11+: the shipped lsp/dify_lsp.lua, with the binary under test.
    vim.lsp.config('dify_lsp', { cmd = { bin }, flags = { debounce_text_changes = 0 } })
    vim.lsp.enable('dify_lsp')
  else
    require('dify_lsp_legacy').setup({ cmd = { bin }, flags = { debounce_text_changes = 0 } })
  end

  local function codes(buf)
    local seen = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if code then
        seen[code] = (seen[code] or 0) + 1
      end
    end
    return seen
  end

  local function wait_code(buf, code, present, what)
    local okw = vim.wait(10000, function()
      return (codes(buf)[code] ~= nil) == present
    end, 20)
    if not okw then
      local have = {}
      for c, _ in pairs(codes(buf)) do
        table.insert(have, c)
      end
      error(string.format('%s: %s %s (have: %s)', what, code, present and 'never appeared' or 'never cleared', table.concat(have, ',')))
    end
  end

  -- The 0-based row and byte column of the last line of `buf` containing `needle` (plain text).
  local function find(buf, needle)
    local row, col
    for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
      local c = l:find(needle, 1, true)
      if c then
        row, col = i - 1, c - 1
      end
    end
    assert(row, needle .. ' not found')
    return row, col
  end

  -- A tool YAML with mistakes.
  vim.cmd('edit tools/search.yaml')
  local yaml = vim.api.nvim_get_current_buf()
  wait_code(yaml, 'DIFY406', true, 'tool YAML')
  wait_code(yaml, 'DIFY409', true, 'tool YAML')
  local clients = (vim.lsp.get_clients or vim.lsp.get_active_clients)({ bufnr = yaml })
  if #clients == 0 then
    error('no client attached')
  end
  local client = clients[1]
  out('client ' .. client.name .. ' attached, encoding ' .. tostring(client.offset_encoding) .. ', pull ' .. tostring(client.server_capabilities.diagnosticProvider ~= nil))

  -- Hover on the default that is not among the options.
  local row, col = find(yaml, 'default: fast')
  col = col + #'default: '
  local params = { textDocument = { uri = vim.uri_from_bufnr(yaml) }, position = { line = row, character = col } }
  local hover = vim.lsp.buf_request_sync(yaml, 'textDocument/hover', params, 5000)
  local text = ''
  for _, r in pairs(hover or {}) do
    if r.result and r.result.contents then
      text = text .. (r.result.contents.value or '')
    end
  end
  if not text:find('DIFY406', 1, true) then
    error('hover did not explain DIFY406: ' .. text)
  end
  out('hover ok')

  -- The Python file of the same tool.
  vim.cmd('edit tools/search.py')
  local py = vim.api.nvim_get_current_buf()
  wait_code(py, 'DIFY601', true, 'tool Python')
  wait_code(py, 'DIFY512', true, 'tool Python')

  -- Fix the default in the YAML: DIFY406 clears, the rest stays.
  vim.api.nvim_buf_set_text(yaml, row, col, row, col + #'fast', { 'quick' })
  wait_code(yaml, 'DIFY406', false, 'after the fix')
  wait_code(yaml, 'DIFY409', true, 'after the fix')

  -- Declare the parameter the Python reads: the Python diagnostic clears (a cross-file update).
  local extra_at = find(yaml, 'extra:')
  vim.api.nvim_buf_set_lines(yaml, extra_at, extra_at, false, {
    '  - name: language',
    '    type: string',
    '    required: true',
    '    label:',
    '      en_US: Language',
    '    human_description:',
    '      en_US: Language.',
    '    llm_description: Language code.',
    '    form: llm',
  })
  wait_code(py, 'DIFY512', false, 'Python after declaring the parameter')

  -- Completion of a value in the tool YAML: the forms.
  local frow, fcol = find(yaml, 'form: form')
  fcol = fcol + #'form: '
  local cparams = { textDocument = { uri = vim.uri_from_bufnr(yaml) }, position = { line = frow, character = fcol } }
  local comp = vim.lsp.buf_request_sync(yaml, 'textDocument/completion', cparams, 5000)
  local labels = {}
  for _, r in pairs(comp or {}) do
    for _, item in ipairs((r.result and (r.result.items or r.result)) or {}) do
      labels[item.label] = true
    end
  end
  if not (labels['llm'] and labels['schema']) then
    error('completion did not offer the forms: ' .. vim.inspect(vim.tbl_keys(labels)))
  end
  out('completion ok')

  -- A quick fix: the quoted number default ("5") becomes 5.
  local qrow = find(yaml, 'default: "5"')
  local function code_actions(buf, row, only)
    local p = {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = { start = { line = row, character = 0 }, ['end'] = { line = row, character = 200 } },
      context = { diagnostics = {}, only = only },
    }
    local res = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', p, 5000)
    local all = {}
    for _, r in pairs(res or {}) do
      for _, a in ipairs(r.result or {}) do
        table.insert(all, a)
      end
    end
    return all
  end
  -- Clients that resolve edits (Neovim 0.11) get them from codeAction/resolve, as the UI does.
  local function resolved(buf, a)
    if a.edit or not a.data then
      return a
    end
    local res = vim.lsp.buf_request_sync(buf, 'codeAction/resolve', a, 5000)
    for _, r in pairs(res or {}) do
      if r.result then
        return r.result
      end
    end
    return a
  end
  local fixed = false
  for _, a in ipairs(code_actions(yaml, qrow, { 'quickfix' })) do
    a = resolved(yaml, a)
    if a.isPreferred and a.edit then
      vim.lsp.util.apply_workspace_edit(a.edit, client.offset_encoding)
      fixed = true
      break
    end
  end
  if not fixed then
    error('no preferred quick fix for DIFY408')
  end
  wait_code(yaml, 'DIFY408', false, 'after the quick fix')
  out('quick fix ok')

  -- A snippet in the Python file: the credential check, inserted once, still valid Python.
  local prow = find(py, 'def _invoke')
  local snippet
  for _, a in ipairs(code_actions(py, prow, { 'refactor' })) do
    if a.title == 'Insert a credential check' then
      snippet = a
    end
  end
  if not snippet then
    error('no credential-check snippet')
  end
  snippet = resolved(py, snippet)
  vim.lsp.util.apply_workspace_edit(snippet.edit, client.offset_encoding)
  local text = table.concat(vim.api.nvim_buf_get_lines(py, 0, -1, false), '\n')
  if not text:find('# Credential check (dify-lsp)', 1, true) then
    error('the snippet was not inserted')
  end
  vim.wait(500, function() return false end, 50)
  for _, a in ipairs(code_actions(py, prow, { 'refactor' })) do
    if a.title == 'Insert a credential check' then
      error('the credential check is offered again')
    end
  end
  if codes(py)['DIFY002'] then
    error('the snippet broke the Python')
  end
  out('snippet ok')

  vim.lsp.stop_client(client.id)
  vim.wait(3000, function()
    return vim.lsp.get_client_by_id(client.id) == nil
  end, 20)
end)

if ok then
  out('PASS')
  vim.cmd('qall!')
else
  fail(tostring(err))
end
