//! `nova-devserver`: runs the dev server until killed, after printing its base URL as the
//! first line on standard output, so that a test in any language can start it and read
//! where to connect.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use nova_devserver::{Config, DevServer};

const USAGE: &str = "usage: nova-devserver [--host IP] [--port N] [--auto-approve-ms N] \
[--ttl-s N] [--public-url URL]";

fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(Some(config)) => config,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(problem) => {
            eprintln!("nova-devserver: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let server = match DevServer::spawn(config) {
        Ok(server) => server,
        Err(error) => {
            eprintln!("nova-devserver: cannot listen: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{}", server.base_url())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    drop(stdout);
    // Serve until the process is killed; parking can wake spuriously, hence the loop.
    loop {
        std::thread::park();
    }
}

/// The configuration the arguments ask for, or `None` for `--help`.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Config>, String> {
    let mut host = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let mut port = 0u16;
    let mut config = Config::default();
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Ok(None);
        }
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--host" => host = parse(&flag, &value()?, "an IP address")?,
            "--port" => port = parse(&flag, &value()?, "a port number")?,
            "--auto-approve-ms" => {
                let millis = parse(&flag, &value()?, "a number of milliseconds")?;
                config.auto_approve = Some(Duration::from_millis(millis));
            }
            "--ttl-s" => {
                config.ttl = Duration::from_secs(parse(&flag, &value()?, "a number of seconds")?);
            }
            "--public-url" => {
                let url = value()?;
                if !url.starts_with("http://") && !url.starts_with("https://") {
                    return Err(format!(
                        "--public-url needs an http:// or https:// URL, got {url:?}"
                    ));
                }
                config.public_url = Some(url);
            }
            _ => return Err(format!("unknown argument {flag:?}")),
        }
    }
    config.addr = SocketAddr::new(host, port);
    Ok(Some(config))
}

fn parse<T: std::str::FromStr>(flag: &str, value: &str, expected: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag} needs {expected}, got {value:?}"))
}
