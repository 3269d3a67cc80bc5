//! Plain types and rules of council ICT work-plan tracking. No I/O and no clock:
//! every rule that depends on the date takes `today` as an argument.

pub mod assurance;
pub mod case;
pub mod date_order;
pub mod dates;
pub mod desk;
pub mod desk_sums;
pub mod filter;
pub mod money;
pub mod project;
pub mod rag;
pub mod records;
pub mod risk;
pub mod schedule;
pub mod settings;
pub mod sla;
pub mod stage;
pub mod text;
pub mod timeline;
pub mod triage;

pub use case::{CaseKind, CaseState};
pub use project::{Milestone, Project, RagChange};
pub use rag::{Rag, RagScale};
pub use risk::{Assessment, Basis, RegisterRow, Risk, RiskBand, RiskKind, Trend};
pub use settings::Settings;
pub use stage::Stage;
pub use triage::{PortfolioRow, TriageClass};
