//! The zkplay web app entry point: mounts the Yew app on the page body.

fn main() {
    yew::Renderer::<zkplay_web::App>::new().render();
}
