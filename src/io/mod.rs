//! Reading and writing the registers as files. Pure functions over domain data: no SQL here.

pub mod assurance;
pub mod cases;
pub mod cell_safety;
pub mod csv_table;
pub mod decode;
pub mod registers;
pub mod safe_write;
pub mod servicenow;
pub mod table;
pub mod xlsx;
