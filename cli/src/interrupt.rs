//! SIGINT and SIGTERM: the temporary files being written are removed, the run says what
//! was complete, and the process exits with 128 + the signal's number, as shells expect.

/// Starts a thread that waits for SIGINT and SIGTERM. Where signals cannot be caught,
/// an interrupted run leaves its temporary files, which a later run removes.
#[cfg(unix)]
pub fn remove_temporaries_on_signal() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let (removed, complete) = crate::output::remove_in_flight();
                eprintln!(
                    "\nnewspost: interrupted; {} written completely, {} removed",
                    crate::summary::count(complete, "output"),
                    crate::summary::count(removed, "unfinished temporary file"),
                );
                std::process::exit(128 + signal);
            }
        });
    // Without the thread, signals keep their default action.
    drop(spawned);
}

#[cfg(not(unix))]
pub fn remove_temporaries_on_signal() {}
