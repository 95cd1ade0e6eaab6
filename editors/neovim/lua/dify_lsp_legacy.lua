-- dify-lsp for Neovim 0.7 to 0.10 (no vim.lsp.config). Source it from your init.lua:
--   require('dify_lsp_legacy').setup({ cmd = { 'dify-lsp' } })
-- or copy the body. It starts one client per root (the folder holding manifest.yaml, dify-lsp.toml
-- or .git) and attaches every YAML and Python buffer below it.
local M = {}

local function find_root(path)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  while dir and dir ~= '' do
    for _, marker in ipairs({ 'manifest.yaml', 'dify-lsp.toml', '.git' }) do
      if vim.fn.filereadable(dir .. '/' .. marker) == 1 or vim.fn.isdirectory(dir .. '/' .. marker) == 1 then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      break
    end
    dir = parent
  end
  return vim.fn.getcwd()
end

local clients = {}

function M.attach(bufnr, opts)
  opts = opts or {}
  local root = find_root(vim.api.nvim_buf_get_name(bufnr))
  local id = clients[root]
  if not id then
    local config = {
      name = 'dify_lsp',
      cmd = opts.cmd or { 'dify-lsp' },
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      init_options = opts.init_options or {},
      flags = opts.flags,
    }
    if vim.lsp.start then
      id = vim.lsp.start(config, { bufnr = bufnr })
    else
      id = vim.lsp.start_client(config)
    end
    clients[root] = id
  end
  if id and not vim.lsp.start then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

function M.setup(opts)
  vim.api.nvim_create_autocmd('FileType', {
    pattern = { 'yaml', 'python' },
    callback = function(args)
      M.attach(args.buf, opts)
    end,
  })
end

return M
