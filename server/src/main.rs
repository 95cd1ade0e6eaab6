// mimalloc: the analysis allocates many small nodes per file (YAML nodes, facts, diagnostics);
// glibc's malloc spent a fifth of an edit's time in malloc/free/consolidate.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(dify_lsp::cli::run(&args));
}
