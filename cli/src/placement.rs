//! Starting each worker thread on a CPU of its own.
//!
//! Some virtual machines' kernels pack a new thread onto the vCPU of the thread that
//! started it and move it to an idle vCPU only once that vCPU's load has built up: on the
//! 2-core machine of `docs/performance.md`, two threads that each compute for 6 ms take
//! 8.9 ms when one starts the other, and 6.1 ms when the new one is started on the other
//! CPU: 2.8 ms lost, a tenth of a 30 ms batch. A thread starts on a CPU its mask allows, so
//! the spawning thread restricts itself to the helper's CPU for the spawn and then to its
//! own CPU; every thread takes back the full mask as soon as it runs, so that from then on
//! the kernel places them as it likes. Where masks cannot be read or set (other systems,
//! a sandbox that forbids it), spawning is plain spawning.

#[cfg(target_os = "linux")]
mod imp {
    use nix::sched::{sched_getaffinity, sched_getcpu, sched_setaffinity, CpuSet};
    use nix::unistd::Pid;

    /// The CPUs the process may run on, and the one the spawning thread is on.
    #[derive(Clone, Copy)]
    pub struct Placement {
        allowed: CpuSet,
        home: usize,
    }

    impl Placement {
        /// `None` when fewer than two CPUs are allowed or the masks cannot be read.
        pub fn new() -> Option<Self> {
            let this_thread = Pid::from_raw(0);
            let allowed = sched_getaffinity(this_thread).ok()?;
            let count = (0..CpuSet::count())
                .filter(|&cpu| allowed.is_set(cpu).unwrap_or(false))
                .count();
            let home = sched_getcpu().ok()?;
            (count >= 2 && allowed.is_set(home).unwrap_or(false))
                .then_some(Placement { allowed, home })
        }

        /// The CPU for the `n`th helper (from 1): the allowed CPUs other than `home`, in turn.
        fn cpu_for(&self, n: usize) -> Option<usize> {
            let others: Vec<usize> = (0..CpuSet::count())
                .filter(|&cpu| cpu != self.home && self.allowed.is_set(cpu).unwrap_or(false))
                .collect();
            others.get(n.checked_sub(1)? % others.len().max(1)).copied()
        }

        /// Runs `spawn` (which starts the `n`th helper) with the calling thread restricted
        /// to the helper's CPU, then restricts the calling thread to its own CPU again.
        pub fn spawn_nth<R>(&self, n: usize, spawn: impl FnOnce() -> R) -> R {
            let moved = self.cpu_for(n).is_some_and(|cpu| restrict_to(cpu).is_ok());
            let spawned = spawn();
            if moved {
                // Back home before the helper runs beside this thread on its CPU.
                let _ = restrict_to(self.home);
            }
            spawned
        }

        /// Gives the calling thread the process's full mask back.
        pub fn release(&self) {
            let _ = sched_setaffinity(Pid::from_raw(0), &self.allowed);
        }
    }

    fn restrict_to(cpu: usize) -> nix::Result<()> {
        let mut only = CpuSet::new();
        only.set(cpu)?;
        sched_setaffinity(Pid::from_raw(0), &only)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn cpus(set: &CpuSet) -> Vec<usize> {
            (0..CpuSet::count())
                .filter(|&cpu| set.is_set(cpu).unwrap_or(false))
                .collect()
        }

        #[test]
        fn helpers_start_on_the_other_cpus_in_turn() {
            let mut allowed = CpuSet::new();
            for cpu in [0, 1, 2, 5] {
                allowed.set(cpu).expect("cpu in range");
            }
            let placement = Placement { allowed, home: 1 };
            let order: Vec<Option<usize>> = (0..=5).map(|n| placement.cpu_for(n)).collect();
            assert_eq!(order, [None, Some(0), Some(2), Some(5), Some(0), Some(2)]);
        }

        /// A helper starts restricted to its CPU; it and the spawning thread get the full
        /// mask back. Runs where at least two CPUs are allowed and masks may be set (as on
        /// CI's machine).
        #[test]
        fn a_helper_starts_on_its_cpu_and_masks_come_back() {
            let Some(placement) = Placement::new() else {
                return;
            };
            // A sandbox may forbid setting masks: then spawning is plain spawning.
            if sched_setaffinity(Pid::from_raw(0), &placement.allowed).is_err() {
                return;
            }
            let before = cpus(&sched_getaffinity(Pid::from_raw(0)).expect("mask"));
            let helper = placement.spawn_nth(1, || {
                std::thread::spawn(move || {
                    let at_start = sched_getaffinity(Pid::from_raw(0)).expect("mask");
                    placement.release();
                    let released = sched_getaffinity(Pid::from_raw(0)).expect("mask");
                    (cpus(&at_start), cpus(&released))
                })
            });
            placement.release();
            let (at_start, released) = helper.join().expect("helper");
            assert_eq!(
                at_start,
                placement.cpu_for(1).into_iter().collect::<Vec<_>>()
            );
            assert_eq!(released, before);
            assert_eq!(
                cpus(&sched_getaffinity(Pid::from_raw(0)).expect("mask")),
                before
            );
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    /// Nothing to place on this system.
    #[derive(Clone, Copy)]
    pub struct Placement;

    impl Placement {
        pub fn new() -> Option<Self> {
            None
        }

        pub fn spawn_nth<R>(&self, _: usize, spawn: impl FnOnce() -> R) -> R {
            spawn()
        }

        pub fn release(&self) {}
    }
}

pub use imp::Placement;

impl newspost::archive::Placement for Placement {
    fn spawn_nth(&self, n: usize, spawn: &mut dyn FnMut()) {
        Placement::spawn_nth(self, n, spawn);
    }

    fn release(&self) {
        Placement::release(self);
    }
}

/// The placement of a run's threads, for the library's runner.
pub fn factory() -> Option<Box<dyn newspost::archive::Placement>> {
    Placement::new().map(|p| Box::new(p) as Box<dyn newspost::archive::Placement>)
}
