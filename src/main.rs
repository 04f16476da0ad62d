//! The `gloss` binary: a thin layer over the library (see `gloss::cli`).

/// mimalloc rather than the system's allocator: a build allocates and frees many small
/// strings and values on every thread, which glibc's malloc spent a fifth of the
/// instructions of a build on (docs/benchmarks.md, "Allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    gloss::cli::main()
}
