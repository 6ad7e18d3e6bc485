//! `sdcoach serve` (and `sdcoach` alone): the local web app.

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::cli::ServeArgs;

pub const DEFAULT_ADDR: &str = "127.0.0.1:7878";

pub fn run(content: Option<&Path>, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let addr: SocketAddr = args.addr.parse().with_context(|| {
        format!("`{}` is not an address to listen on; write it as IP:PORT, e.g. 127.0.0.1:7878", args.addr)
    })?;
    let corpus = super::load(content)?;
    let listener = match TcpListener::bind(addr) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => bail!(
            "cannot listen on {addr}: the address is in use (is sdcoach already running?); pick another port with --addr {}:{}",
            addr.ip(),
            addr.port().wrapping_add(1)
        ),
        Err(e) => return Err(e).with_context(|| format!("cannot listen on {addr}")),
    };
    listener.set_nonblocking(true)?;
    let local = listener.local_addr()?;
    let policy = web::HostPolicy::new(&local.ip().to_string(), &args.allow_hosts);
    let state = web::AppState::new(corpus, policy);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let shown = if local.ip().is_unspecified() {
            SocketAddr::new([127, 0, 0, 1].into(), local.port())
        } else {
            local
        };
        // Scripts and tests read this line to learn the port: print it only once listening.
        crate::terminal::print(&format!("sdcoach is serving on http://{shown}/ (press Ctrl-C to stop)\n"))?;
        if !local.ip().is_loopback() {
            eprintln!(
                "warning: {local} is reachable from other machines; sdcoach has no accounts in this mode"
            );
        }
        web::serve(listener, state).await
    })?;
    Ok(ExitCode::SUCCESS)
}
