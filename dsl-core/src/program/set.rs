//! Program sets: several programs loaded together over one state.
//!
//! A model server runs more than one program over the same weights and KV
//! caches: a decode step per batch size, a prefill per prompt-length
//! bucket, a scoring pass. Loaded one by one, each program would own its
//! own copy of that state (≈ the model's size each), and switching
//! programs would mean copying it all through the host. A set shares it
//! instead: state is matched **by name**, so every program declaring a
//! state buffer `kv0` reads and updates the same buffer, and the backend
//! holds each name once (on the device, where it has one).
//!
//! [`ProgramSet`] is the checked set: every declaration of a name agrees on
//! dtype and shape, and the initial state names only declared buffers. A
//! loaded program ([`super::LoadedProgram`]) is the one-program case of a
//! loaded set ([`LoadedProgramSet`]): the launch list
//! ([`super::HostProgramSet`]) and PJRT implement the set and wrap it for
//! one program, so each has one code path.

use super::{
    check_tensor, role_name, BufferDecl, BufferId, BufferRole, LoadedProgram, Origin, Program,
    ProgramError,
};
use crate::backend::BackendError;
use crate::HostTensor;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Programs loaded on a backend over one shared state: each state buffer,
/// by name, lives there once between executions and is seen by every
/// program that declares it.
pub trait LoadedProgramSet {
    fn programs(&self) -> &[Arc<Program>];

    /// Runs program `which` (an index into [`Self::programs`]) once; same
    /// contract as [`super::LoadedProgram::execute`]. An index out of range
    /// is an error.
    fn execute(
        &mut self,
        which: usize,
        inputs: &[(&str, &HostTensor)],
    ) -> Result<BTreeMap<BufferId, HostTensor>, BackendError>;

    /// A copy of state buffer `name` on the host.
    fn read_state(&self, name: &str) -> Result<HostTensor, BackendError>;

    /// Overwrites rows `start..start + rows.shape()[0]` (axis 0) of state
    /// buffer `name`, in place; see [`super::LoadedProgram::write_state_rows`].
    fn write_state_rows(
        &mut self,
        name: &str,
        start: usize,
        rows: &HostTensor,
    ) -> Result<(), BackendError>;
}

/// A checked set of programs and the state they share.
#[derive(Clone, Debug)]
pub struct ProgramSet {
    /// For errors about the set as a whole: the program's name when there
    /// is one, so a one-program set speaks like that program.
    name: String,
    programs: Vec<Arc<Program>>,
    /// Each state name → the first program declaring it and its buffer
    /// there (every other declaration agrees with that one).
    state: BTreeMap<String, (usize, BufferId)>,
}

impl ProgramSet {
    /// Checks that every declaration of each state name agrees on dtype and
    /// shape; the error lists every disagreement, naming both programs.
    pub fn new(programs: &[Arc<Program>]) -> Result<ProgramSet, ProgramError> {
        let name = programs
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let mut set = ProgramSet {
            name,
            programs: programs.to_vec(),
            state: BTreeMap::new(),
        };
        if programs.is_empty() {
            return Err(set.error("a program set needs at least one program".into()));
        }
        let mut problems = Vec::new();
        for (i, p) in programs.iter().enumerate() {
            for b in p.with_role(BufferRole::State) {
                let d = p.buffer(b);
                let Some(&(first, fb)) = set.state.get(&d.name) else {
                    set.state.insert(d.name.clone(), (i, b));
                    continue;
                };
                let f = set.programs[first].buffer(fb);
                if f.dtype != d.dtype || f.shape != d.shape {
                    problems.push(format!(
                        "state `{}` is {}{:?} in {} but {}{:?} in {}",
                        d.name,
                        f.dtype,
                        f.shape,
                        set.declaring(first, f),
                        d.dtype,
                        d.shape,
                        set.declaring(i, d),
                    ));
                }
            }
        }
        if problems.is_empty() {
            Ok(set)
        } else {
            Err(ProgramError {
                program: set.name,
                problems,
            })
        }
    }

    /// The programs' names, comma-separated (for errors).
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn programs(&self) -> &[Arc<Program>] {
        &self.programs
    }

    /// Program `which`; an index out of range is an error naming the set.
    pub fn program(&self, which: usize) -> Result<&Arc<Program>, ProgramError> {
        self.programs.get(which).ok_or_else(|| {
            self.error(format!(
                "there is no program {which}: the set has {} ({})",
                self.programs.len(),
                self.name
            ))
        })
    }

    /// Every shared state buffer once, by name (as its first declaring
    /// program declares it).
    pub fn state(&self) -> impl Iterator<Item = &BufferDecl> + '_ {
        self.state
            .values()
            .map(|&(p, b)| self.programs[p].buffer(b))
    }

    /// State buffer `name`, for reads and writes by name.
    pub fn state_decl(&self, name: &str) -> Result<&BufferDecl, ProgramError> {
        match self.state.get(name) {
            Some(&(p, b)) => Ok(self.programs[p].buffer(b)),
            None => Err(self.error(self.no_state(name))),
        }
    }

    /// Checks the initial state: every name is state in some program, with
    /// the declared dtype and shape. Names not given start as zeros.
    pub fn check_state(&self, state: &BTreeMap<String, HostTensor>) -> Result<(), ProgramError> {
        let mut problems = Vec::new();
        for (name, t) in state {
            if let Some(&(p, b)) = self.state.get(name) {
                let d = self.programs[p].buffer(b);
                if self.programs.len() == 1 {
                    check_tensor(d, t, "state", &mut problems);
                } else if t.dtype() != d.dtype || t.shape() != d.shape.as_slice() {
                    problems.push(format!(
                        "state `{name}` is {}{:?} but {} declares {}{:?}",
                        t.dtype(),
                        t.shape(),
                        self.which(p),
                        d.dtype,
                        d.shape
                    ));
                }
                continue;
            }
            // Not state anywhere: say what it is where it is declared.
            let other = self
                .programs
                .iter()
                .enumerate()
                .find_map(|(i, p)| p.find(name).map(|b| (i, p.buffer(b).role)));
            problems.push(match other {
                Some((_, role)) if self.programs.len() == 1 => {
                    format!("`{name}` is {}, not state", role_name(role))
                }
                Some((i, role)) => format!(
                    "`{name}` is {} in {}, not state",
                    role_name(role),
                    self.which(i)
                ),
                None => self.no_state(name),
            });
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ProgramError {
                program: self.name.clone(),
                problems,
            })
        }
    }

    /// Checks a `write_state_rows`: `name` is state and `rows` fit it at
    /// `start`.
    pub fn check_rows(
        &self,
        name: &str,
        start: usize,
        rows: &HostTensor,
    ) -> Result<&BufferDecl, ProgramError> {
        let Some(&(p, _)) = self.state.get(name) else {
            return Err(self.error(self.no_state(name)));
        };
        let b = self.programs[p].check_rows(name, start, rows)?;
        Ok(self.programs[p].buffer(b))
    }

    /// An error about the set as a whole.
    pub fn error(&self, problem: String) -> ProgramError {
        ProgramError {
            program: self.name.clone(),
            problems: vec![problem],
        }
    }

    /// "program 1 (`prefill`)", or "the program" in a one-program set.
    pub fn which(&self, i: usize) -> String {
        match self.programs.get(i) {
            Some(_) if self.programs.len() == 1 => "the program".into(),
            Some(p) => format!("program {i} (`{}`)", p.name),
            None => format!("program {i}"),
        }
    }

    /// "program 1 (`prefill`, declared at src/serve.rs:40:9)".
    fn declaring(&self, i: usize, d: &BufferDecl) -> String {
        let name = &self.programs[i].name;
        match &d.origin {
            Origin::Declared(at) => format!("program {i} (`{name}`, declared at {at})"),
            Origin::Output { .. } | Origin::View { .. } => format!("program {i} (`{name}`)"),
        }
    }

    fn no_state(&self, name: &str) -> String {
        if self.programs.len() == 1 {
            format!("the program has no state buffer named `{name}`")
        } else {
            format!("none of the programs has a state buffer named `{name}`")
        }
    }
}

/// A set of one program, seen as that program: every backend's
/// [`LoadedProgram`] is its set type wrapped in this, so a single program
/// and a set run the same code.
pub struct OneProgram<S>(pub S);

impl<S> OneProgram<S> {
    /// The set underneath (its backend-specific methods).
    pub fn set(&self) -> &S {
        &self.0
    }
}

impl<S: LoadedProgramSet> LoadedProgram for OneProgram<S> {
    fn program(&self) -> &Arc<Program> {
        &self.0.programs()[0]
    }

    fn execute(
        &mut self,
        inputs: &[(&str, &HostTensor)],
    ) -> Result<BTreeMap<BufferId, HostTensor>, BackendError> {
        self.0.execute(0, inputs)
    }

    fn read_state(&self, name: &str) -> Result<HostTensor, BackendError> {
        self.0.read_state(name)
    }

    fn write_state_rows(
        &mut self,
        name: &str,
        start: usize,
        rows: &HostTensor,
    ) -> Result<(), BackendError> {
        self.0.write_state_rows(name, start, rows)
    }
}
