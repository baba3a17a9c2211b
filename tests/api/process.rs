//! The harness of the tests that run the real `insights` binary: a throwaway PostgreSQL cluster
//! (`scripts/pg.sh`), the server process, and a plain blocking HTTP client. Every resource is a
//! guard that cleans up on drop, so a failing test leaves no cluster and no process behind.
#![allow(dead_code)]

use std::io::Read;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use diesel::pg::PgConnection;
use diesel::{Connection, RunQueryDsl};
use serde_json::Value;

/// The repository root (scripts/, config/).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A port nobody listens on right now (bound to 127.0.0.1:0, then released).
pub fn free_port() -> u16 {
    let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind an ephemeral port");
    l.local_addr().expect("local addr").port()
}

/// A free port below Linux's ephemeral range (32768-60999), for the tests' own clusters: a port
/// of that range may be taken at any moment by some outgoing connection's local end.
pub fn free_cluster_port() -> u16 {
    for _ in 0..200 {
        let port = 20_000 + (uuid::Uuid::new_v4().as_u128() % 12_000) as u16;
        if TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok() {
            return port;
        }
    }
    panic!("no free port in 20000..32000");
}

/// Polls `f` every 50 ms until it returns `Some`, or panics naming `what` after `limit`.
pub fn wait_for<T>(what: &str, limit: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let started = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(started.elapsed() < limit, "timed out after {limit:?} waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

// ---- PostgreSQL ------------------------------------------------------------------------------

/// A throwaway PostgreSQL cluster of its own (initdb + start through `scripts/pg.sh`), stopped
/// and deleted on drop.
pub struct PgCluster {
    dir: PathBuf,
    pub port: u16,
}

impl PgCluster {
    pub fn start() -> PgCluster {
        let dir = std::env::temp_dir().join(format!("insights-pg-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("create the cluster folder");
        let cluster = PgCluster { dir, port: free_cluster_port() };
        cluster.up();
        cluster
    }

    /// A streaming hot standby of `primary` (`pg_basebackup -R`), started.
    pub fn standby_of(primary: &PgCluster) -> PgCluster {
        let dir = std::env::temp_dir().join(format!("insights-pg-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("create the cluster folder");
        let standby = PgCluster { dir, port: free_cluster_port() };
        let out = Command::new(repo_root().join("scripts/pg.sh"))
            .arg("standby")
            .arg(&standby.dir)
            .arg(standby.port.to_string())
            .arg(primary.port.to_string())
            .arg("--fast")
            .output()
            .expect("run scripts/pg.sh standby");
        assert!(out.status.success(), "pg.sh standby failed: {}", String::from_utf8_lossy(&out.stderr));
        standby
    }

    /// Stops the cluster the polite way (`pg_ctl stop -m fast`: sessions are terminated).
    pub fn stop(&self) {
        self.down("fast");
    }

    /// The URL of database `name` on this cluster.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// Starts the cluster (initialises it the first time).
    pub fn up(&self) {
        let out = Command::new(repo_root().join("scripts/pg.sh"))
            .arg("up")
            .arg(&self.dir)
            .arg(self.port.to_string())
            .arg("--fast")
            .output()
            .expect("run scripts/pg.sh up");
        assert!(out.status.success(), "pg.sh up failed: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// Stops the cluster the hard way (`pg_ctl stop -m immediate`: every backend is killed, as in
    /// a crash or a network cut).
    /// `--fast` turns `synchronous_commit` off, so a CHECKPOINT first keeps the rows committed so
    /// far (the test's fixtures) through the crash.
    pub fn crash(&self) {
        if let Ok(mut admin) = PgConnection::establish(&self.admin_url()) {
            let _ = diesel::sql_query("CHECKPOINT").execute(&mut admin);
        }
        self.down("--immediate");
    }

    fn down(&self, mode: &str) {
        let _ = Command::new(repo_root().join("scripts/pg.sh"))
            .arg("down")
            .arg(&self.dir)
            .arg(mode)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    pub fn admin_url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Creates database `name`, applies the migrations and returns its URL.
    pub fn create_database(&self, name: &str) -> String {
        let mut admin = PgConnection::establish(&self.admin_url()).expect("connect to the throwaway cluster");
        diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).expect("create database");
        let url = format!("postgres://postgres@127.0.0.1:{}/{name}", self.port);
        insights_persistence::migrations::run_pending(&url).expect("migrate");
        url
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        self.down("--immediate");
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

// ---- the server process ----------------------------------------------------------------------

/// `insights serve` on a free port; killed on drop. Its stdout and stderr go to a log file.
pub struct Server {
    child: Mutex<Option<Child>>,
    pub addr: SocketAddr,
    log: PathBuf,
}

impl Server {
    /// Starts the binary against `database_url` with `env` on top of the test settings, and
    /// waits until `/healthz` answers.
    pub fn start(database_url: &str, env: &[(&str, &str)]) -> Server {
        let port = free_port();
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let log = std::env::temp_dir().join(format!("insights-serve-{}.log", uuid::Uuid::new_v4().simple()));
        let out = std::fs::File::create(&log).expect("create the log file");
        let err = out.try_clone().expect("clone the log file");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_insights"));
        cmd.arg("serve")
            .current_dir(repo_root())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("APP_ENV", "test")
            .env("DATABASE_URL", database_url)
            .env("BIND_ADDR", addr.to_string())
            .env("JWT_SECRET", std::str::from_utf8(crate::common::SECRET).unwrap())
            .env("DATABASE_POOL_SIZE", "4")
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("spawn insights serve");
        let server = Server { child: Mutex::new(Some(child)), addr, log };
        let agent = agent();
        wait_for("the server to answer /healthz", Duration::from_secs(30), || {
            if let Some(status) = server.try_wait() {
                panic!("insights serve exited early ({status}):\n{}", server.logs());
            }
            agent.get(&server.url("/healthz")).call().ok().filter(|r| r.status() == 200).map(|_| ())
        });
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn pid(&self) -> u32 {
        self.child.lock().unwrap().as_ref().map(Child::id).expect("the server runs")
    }

    /// Sends SIGTERM (as an orchestrator does to stop a container).
    pub fn terminate(&self) {
        // The shell's builtin `kill`: no libc dependency, and present even where procps is not.
        let ok = Command::new("sh").arg("-c").arg(format!("kill -TERM {}", self.pid())).status().expect("run kill");
        assert!(ok.success(), "kill -TERM failed");
    }

    /// The exit status once the process has exited.
    pub fn try_wait(&self) -> Option<ExitStatus> {
        self.child.lock().unwrap().as_mut().and_then(|c| c.try_wait().ok().flatten())
    }

    /// Waits for the process to exit, up to `limit`.
    pub fn wait_exit(&self, limit: Duration) -> ExitStatus {
        wait_for("the server to exit", limit, || self.try_wait())
    }

    /// Everything the process wrote to stdout and stderr so far.
    pub fn logs(&self) -> String {
        let mut s = String::new();
        if let Ok(mut f) = std::fs::File::open(&self.log) {
            let _ = f.read_to_string(&mut s);
        }
        s
    }

    /// Whether a new TCP connection to the server's address is accepted.
    pub fn accepts_connections(&self) -> bool {
        TcpStream::connect_timeout(&self.addr, Duration::from_millis(500)).is_ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_file(&self.log);
    }
}

// ---- HTTP ------------------------------------------------------------------------------------

/// A plain blocking client: statuses are answers, not errors; every call is bounded.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(40)))
        .build()
        .into()
}

/// An answer: status, `Retry-After`, JSON body (`Null` when empty) and how long it took.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: Value,
    pub elapsed: Duration,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

/// Sends `method path` with an optional bearer token and JSON body.
pub fn call(
    agent: &ureq::Agent,
    server: &Server,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Result<Answer, ureq::Error> {
    let started = Instant::now();
    let uri = server.url(path);
    let mut req = ureq::http::Request::builder().method(method).uri(&uri);
    if let Some(t) = token {
        req = req.header("Authorization", format!("Bearer {t}"));
    }
    let mut res = match body {
        Some(b) => {
            agent.run(req.header("Content-Type", "application/json").body(b.to_string()).expect("a valid request"))?
        }
        None => agent.run(req.body(()).expect("a valid request"))?,
    };
    let status = res.status().as_u16();
    let retry_after = res.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let text = res.body_mut().read_to_string()?;
    let body = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
    Ok(Answer { status, retry_after, body, elapsed: started.elapsed() })
}
