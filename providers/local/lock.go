package local

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// lock is an OS file lock (flock) beside the database. The kernel drops it
// when the process dies, so a killed apply never leaves a stale lock.
type lock struct {
	fl   *flock.Flock
	path string
}

func acquire(path, display, what string) (*lock, error) {
	fl := flock.New(path)
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("local store %s: cannot lock: %w", display, err)
	}
	if !ok {
		holder, _ := os.ReadFile(path)
		who := strings.TrimSpace(string(holder))
		if who == "" {
			who = "another process"
		}
		return nil, fmt.Errorf("local store %s is busy: %s holds its lock; wait for it to finish, then run again", display, who)
	}
	host, _ := os.Hostname()
	info := fmt.Sprintf("%s (pid %d on %s, since %s)", what, os.Getpid(), host, time.Now().UTC().Format(time.RFC3339))
	if err := os.WriteFile(path, []byte(info+"\n"), 0o600); err != nil {
		_ = fl.Unlock()
		return nil, fmt.Errorf("local store %s: cannot record the lock holder: %w", display, err)
	}
	return &lock{fl: fl, path: path}, nil
}

// release empties the holder record, so no pid outlives the apply that
// wrote it, and drops the lock.
func (l *lock) release() {
	_ = os.Truncate(l.path, 0)
	_ = l.fl.Unlock()
}
