-- dify-lsp for Neovim 0.11+.
--
-- Put this directory on 'runtimepath' (or copy this file to ~/.config/nvim/lsp/dify_lsp.lua) and
-- enable it:
--   vim.lsp.enable('dify_lsp')
-- Every YAML and Python buffer is attached, whatever its folder (tools/, group/, endpoints/,
-- strategies/, models/, datasources/, events/, …): every plugin kind has a manifest.yaml at its root.
-- Settings go in init_options, e.g. { ignore = { 'DIFY602' }, targetDifyVersion = '1.13.3' }.
return {
  cmd = { 'dify-lsp' },
  filetypes = { 'yaml', 'python' },
  root_markers = { 'manifest.yaml', 'dify-lsp.toml', '.git' },
  init_options = {},
}
