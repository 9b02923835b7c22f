//! The accept loop, and one task per connection.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, oneshot};

use crate::http::Answer;
use crate::routes;
use crate::state::Shared;

/// Serves until `stopped` fires (or its sender is dropped).
pub(crate) async fn run(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    mut stopped: oneshot::Receiver<()>,
) {
    let listener = match TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("nova-devserver: cannot listen: {error}");
            return;
        }
    };
    loop {
        tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    shared.count_connection();
                    tokio::spawn(serve_connection(stream, Arc::clone(&shared)));
                }
                // Usually out of file descriptors: give the open connections time to end.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
        }
    }
}

async fn serve_connection(stream: TcpStream, shared: Arc<Shared>) {
    let close = Arc::new(Notify::new());
    let service = service_fn({
        let close = Arc::clone(&close);
        move |request| {
            let shared = Arc::clone(&shared);
            let close = Arc::clone(&close);
            async move {
                match routes::dispatch(&shared, request).await {
                    Answer::Respond(response) => Ok::<_, Infallible>(response),
                    Answer::Close => {
                        // Never answer; the connection is dropped below instead.
                        close.notify_one();
                        std::future::pending().await
                    }
                }
            }
        }
    });
    let connection = http1::Builder::new()
        // Idle keep-alive connections stay open, as a client's poll loop expects.
        .header_read_timeout(None)
        .serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        // A client that hangs up mid-request is no concern of the server's.
        _ = connection => {}
        () = close.notified() => {}
    }
}
