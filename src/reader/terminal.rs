//! The terminal: set-up and restore (also on panic, SIGTERM and Ctrl-Z),
//! turning key, mouse and resize events into messages, and the event loop
//! that feeds `app::update`, hands effects to the worker and redraws only
//! after something happened.

use std::io::{Stdout, Write};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEvent, KeyEventKind,
    KeyModifiers, MouseButton, MouseEventKind,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::commands::{Setup, open_store};
use crate::feeds::refresh::RefreshTarget;
use crate::reader::app::{self, App, Effect, Key, KeyChord, Keymap, MouseInput, Msg};
use crate::reader::background::{Background, Dispatched, TerminalEffect};
use crate::reader::opener::browser_command;
use crate::reader::ui::{self, Theme};

type Term = Terminal<CrosstermBackend<Stdout>>;

/// Opens the reader and runs it until the user quits.
pub fn run(setup: Setup) -> Result<()> {
    let _lock = crate::reader::lock::lock_reader(&setup.db_path)?;
    let (store, ids) = open_store(&setup)?;
    drop(store);
    let keymap = load_keymap(&setup)?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = Theme::from_config(&setup.config.theme, no_color)?;
    let targets = RefreshTarget::pair(&ids, &setup.config.feeds);

    crate::contain::install_hook(restore_terminal);
    let mut terminal = enter_terminal()?;
    let _restore = RestoreOnDrop;
    // Made on a thread beside the first screen (see `Pictures::new`).
    let settings = &setup.config.settings;
    let pictures = settings
        .images
        .then(|| ui::Pictures::new(&settings.image_protocol));
    let mut screen = Screen { theme, pictures };
    let (msgs, inbox) = channel::<Msg>();
    let input_lock = Arc::new(Mutex::new(()));
    spawn_input(msgs.clone(), input_lock.clone());
    spawn_signals(msgs.clone());
    let background = Background::start(
        setup.db_path.clone(),
        setup.config.settings.clone(),
        targets,
        setup
            .config
            .sync
            .clone()
            .map(|sync| (sync, setup.config.dir())),
        // The embedded default list is written out to the user's file on
        // the first change.
        setup
            .config
            .path
            .clone()
            .or_else(crate::paths::user_config_file),
        msgs,
    );
    let size = terminal.size()?;
    let (mut app, effects) = App::new(
        keymap,
        size.width,
        size.height,
        setup.config.settings.refresh_on_start,
    );
    app.stories.view = setup.config.settings.story_view;
    app.images_on = setup.config.settings.images;
    app.layout = crate::reader::remember::load_layout(&setup.db_path)
        .unwrap_or(setup.config.settings.layout);
    let mut edges = Edges {
        background,
        browser: setup.config.settings.browser.clone(),
        player: setup.config.settings.player.clone(),
        input_lock,
    };
    edges.run(effects, &mut app, &mut terminal)?;
    screen.draw(&mut terminal, &app)?;
    event_loop(&mut app, &mut terminal, &mut screen, &inbox, &mut edges)
}

/// What drawing needs besides the state: the colours, and the pictures
/// when they are on.
struct Screen {
    theme: Theme,
    pictures: Option<ui::Pictures>,
}

impl Screen {
    fn draw(&mut self, terminal: &mut Term, app: &App) -> Result<()> {
        terminal.draw(|frame| ui::draw_with(frame, app, &self.theme, self.pictures.as_mut()))?;
        Ok(())
    }
}

fn event_loop(
    app: &mut App,
    terminal: &mut Term,
    screen: &mut Screen,
    inbox: &Receiver<Msg>,
    edges: &mut Edges,
) -> Result<()> {
    while let Ok(first) = inbox.recv() {
        let mut effects = app::update(app, first);
        // Apply everything already waiting before drawing once.
        while !app.quit {
            match inbox.try_recv() {
                Ok(msg) => effects.extend(app::update(app, msg)),
                Err(_) => break,
            }
        }
        edges.run(effects, app, terminal)?;
        if app.quit {
            break;
        }
        screen.draw(terminal, app)?;
    }
    Ok(())
}

/// Where effects are carried out: by the background jobs, or here when
/// they need the terminal.
struct Edges {
    background: Background,
    browser: String,
    player: String,
    input_lock: Arc<Mutex<()>>,
}

impl Edges {
    fn run(&mut self, effects: Vec<Effect>, app: &mut App, terminal: &mut Term) -> Result<()> {
        for effect in effects {
            match self.background.dispatch(effect)? {
                Dispatched::Started => {}
                Dispatched::Declined(message) => app.status = Some(message),
                Dispatched::Terminal(TerminalEffect::OpenUrl(url)) => {
                    if let Err(e) = self.open_url(&url, &self.browser.clone(), terminal) {
                        app.status = Some(e.to_string());
                    }
                }
                Dispatched::Terminal(TerminalEffect::Play(url)) => {
                    let outcome = self.open_url(&url, &self.player.clone(), terminal);
                    app.status = Some(match outcome {
                        Ok(()) => "Playing the attachment".to_owned(),
                        Err(e) => e.to_string(),
                    });
                }
                Dispatched::Terminal(TerminalEffect::Suspend) => {
                    self.with_terminal_released(terminal, || {
                        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
                    })?
                }
            }
        }
        Ok(())
    }

    /// Opens a link with `program` (the browser or the player setting;
    /// empty: `$BROWSER`, else the system opener); what went wrong is for
    /// the status line.
    fn open_url(&self, url: &str, program: &str, terminal: &mut Term) -> Result<()> {
        let env = std::env::var("BROWSER").ok();
        let command = browser_command(url, program, env.as_deref())?;
        let mut process = std::process::Command::new(&command.program);
        process.args(&command.args);
        let cannot_run = |e: std::io::Error| anyhow::anyhow!("cannot run {}: {e}", command.program);
        if command.in_terminal {
            let mut outcome = Ok(());
            self.with_terminal_released(terminal, || {
                outcome = process.status().map(|_| ());
            })?;
            return outcome.map_err(cannot_run);
        }
        process
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map(|_| ())
            .map_err(cannot_run)
    }

    /// Gives the terminal back to the shell or a program, then takes it again.
    fn with_terminal_released(&self, terminal: &mut Term, f: impl FnOnce()) -> Result<()> {
        // Holding the lock keeps the input thread from reading keys meant
        // for the other program.
        let _input = self.input_lock.lock().unwrap_or_else(|p| p.into_inner());
        restore_terminal();
        f();
        setup_terminal()?;
        terminal.clear()?;
        Ok(())
    }
}

fn load_keymap(setup: &Setup) -> Result<Keymap> {
    let configured = &setup.config.settings.keymap;
    let path = if !configured.trim().is_empty() {
        Some(setup.config.dir().join(configured.trim()))
    } else {
        setup
            .config
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .map(|dir| dir.join("keymap.toml"))
            .filter(|p| p.exists())
    };
    let text = match &path {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read keymap {}", path.display()))?,
        ),
        None => None,
    };
    let origin = path.map(|p| p.display().to_string()).unwrap_or_default();
    Ok(Keymap::load(text.as_deref().map(|t| (t, origin.as_str())))?)
}

fn enter_terminal() -> Result<Term> {
    setup_terminal()?;
    let terminal = Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
    Ok(terminal)
}

fn setup_terminal() -> Result<()> {
    enable_raw_mode().context("cannot switch the terminal to raw mode")?;
    crossterm::execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        crossterm::cursor::Hide
    )?;
    Ok(())
}

/// Puts the terminal back as we found it. Safe to call more than once and
/// from the panic hook.
pub fn restore_terminal() {
    let mut out = std::io::stdout();
    let _ = crossterm::execute!(
        out,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

struct RestoreOnDrop;

impl Drop for RestoreOnDrop {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Reads terminal events on their own thread. It polls briefly so that it
/// can let go of the terminal when a program is given the screen.
fn spawn_input(msgs: Sender<Msg>, lock: Arc<Mutex<()>>) {
    let _ = std::thread::Builder::new()
        .name("tidings-input".to_owned())
        .spawn(move || {
            loop {
                let event = {
                    let _guard = lock.lock().unwrap_or_else(|p| p.into_inner());
                    match event::poll(Duration::from_millis(50)) {
                        Ok(true) => event::read().ok(),
                        Ok(false) => None,
                        Err(_) => return,
                    }
                };
                if let Some(msg) = event.and_then(to_msg)
                    && msgs.send(msg).is_err()
                {
                    return;
                }
            }
        });
}

/// SIGTERM and SIGHUP end the reader cleanly; SIGTSTP suspends it.
fn spawn_signals(msgs: Sender<Msg>) {
    use signal_hook::consts::{SIGHUP, SIGTERM, SIGTSTP};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGTSTP]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("tidings-signals".to_owned())
        .spawn(move || {
            for signal in signals.forever() {
                let msg = if signal == SIGTSTP {
                    Msg::Key(KeyChord::ctrl('z'))
                } else {
                    Msg::Terminate
                };
                if msgs.send(msg).is_err() {
                    return;
                }
            }
        });
}

fn to_msg(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => to_chord(key).map(Msg::Key),
        Event::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::ScrollUp => Some(Msg::Mouse(MouseInput::ScrollUp { column, row })),
                MouseEventKind::ScrollDown => {
                    Some(Msg::Mouse(MouseInput::ScrollDown { column, row }))
                }
                MouseEventKind::Down(MouseButton::Left) => {
                    Some(Msg::Mouse(MouseInput::Click { column, row }))
                }
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Msg::Resize(width, height)),
        _ => None,
    }
}

fn to_chord(key: KeyEvent) -> Option<KeyChord> {
    let code = match key.code {
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::F(n) => Key::F(n),
        _ => return None,
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let code = match code {
        Key::Char(c) if ctrl => Key::Char(c.to_ascii_lowercase()),
        other => other,
    };
    Some(KeyChord {
        key: code,
        ctrl,
        alt: key.modifiers.contains(KeyModifiers::ALT),
    })
}
