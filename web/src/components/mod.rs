//! UI components: each renders part of the state and dispatches actions.

pub mod app;
pub mod cases;
pub mod clients;
pub mod console;
pub mod explore_host;
pub mod inspector;
pub mod loading;
pub mod network;
pub mod node_menu;
pub mod recipes;
pub mod ring;
pub mod toolbar;
pub mod tree;
pub mod tutorial;
pub mod virtual_list;
pub mod words;
