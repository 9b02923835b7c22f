//! Real HTTP against a spawned dev server on loopback, one test per rule of the production
//! server's behaviour and of the dev server's own controls.

mod api;
mod binary;
mod common;
mod control;
mod faults;
mod framework;
mod login_page;
mod storage;
