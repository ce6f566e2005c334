package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"

	"github.com/clearancehq/clearance"
)

// A session is the API key itself, in an HttpOnly, SameSite=Strict cookie:
// nothing is kept on the server, so any instance serves any session, and
// each request authenticates the key through the Keyring, so revoking it
// ends every session it opened (within the Keyring's TTL).
//
// Forms carry a token derived from the key (an HMAC keyed by the secret),
// which a page of another site can neither read nor compute; the sign-in
// form, which has no key yet, carries a random token that must equal a
// cookie set with the form (double submit). Both defend in depth: the
// cookies are SameSite=Strict and New refuses cross-origin POSTs.
const (
	sessionCookie = "clearance_session"
	signInCookie  = "clearance_signin"
	csrfField     = "csrf"
)

// session is a signed-in request: its key and its form token.
type session struct {
	key  *clearance.APIKey
	csrf string
}

var (
	errSignedOut = &clearance.Error{Kind: clearance.Unauthorized, Message: "not signed in"}
	errBadToken  = &clearance.Error{Kind: clearance.Forbidden,
		Message: "This form has expired or was sent from another page. Reload the page and try again."}
)

// session authenticates the request's cookie.
func (s *server) session(r *http.Request) (*session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, errSignedOut
	}
	k, err := s.cfg.Keys.Authenticate(r.Context(), c.Value)
	if err != nil {
		return nil, err
	}
	return &session{key: k, csrf: formToken(c.Value)}, nil
}

// formToken derives the form token of a session from its secret.
func formToken(secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("clearance web form token 1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (s *session) validToken(t string) bool { return hmac.Equal([]byte(t), []byte(s.csrf)) }

// signInAgain answers a request without a valid session: to sign-in, back
// to the page afterwards when it was a GET. A store that fails is not the
// person's fault: that is an error page, not a sign-in.
func (s *server) signInAgain(w http.ResponseWriter, r *http.Request, err error) {
	if clearance.KindOf(err) != clearance.Unauthorized {
		s.fail(w, r, &view{Path: r.URL.Path}, err)
		return
	}
	q := url.Values{}
	if r.Method == http.MethodGet {
		q.Set("next", r.URL.RequestURI())
	}
	if err != errSignedOut {
		http.SetCookie(w, s.sessionCookie(r, "", -1))
		q.Set("ended", "1")
	}
	target := "/signin"
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// signInForm is the sign-in page's data.
type signInForm struct {
	Next string
}

// signInPage shows the sign-in form, or goes on when already signed in.
func (s *server) signInPage(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.FormValue("next"))
	if _, err := s.session(r); err == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	v := &view{Title: "Sign in", Path: r.URL.Path}
	switch {
	case r.FormValue("out") != "":
		v.Notice = "You are signed out."
	case r.FormValue("ended") != "":
		v.Problem = "Your session ended: the key is unknown or was revoked. Sign in again."
	}
	s.renderSignIn(w, r, http.StatusOK, v, next)
}

// renderSignIn renders the form with a fresh double-submit token.
func (s *server) renderSignIn(w http.ResponseWriter, r *http.Request, status int, v *view, next string) {
	var b [18]byte
	rand.Read(b[:])
	v.CSRF = base64.RawURLEncoding.EncodeToString(b[:])
	http.SetCookie(w, &http.Cookie{Name: signInCookie, Value: v.CSRF, Path: "/signin", MaxAge: 3600,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
	v.Page = signInForm{Next: next}
	s.render(w, r, status, "signin", v)
}

// signIn checks the key and starts the session.
func (s *server) signIn(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	r = r.WithContext(clearance.WithActor(r.Context(), "", newRequestID()))
	v := &view{Title: "Sign in", Path: r.URL.Path}
	next := safeNext(r.PostFormValue("next"))
	c, err := r.Cookie(signInCookie)
	if err != nil || c.Value == "" || !hmac.Equal([]byte(c.Value), []byte(r.PostFormValue(csrfField))) {
		v.Problem = errBadToken.Message
		s.renderSignIn(w, r, http.StatusForbidden, v, next)
		return
	}
	secret := strings.TrimSpace(r.PostFormValue("key"))
	k, err := s.cfg.Keys.Authenticate(r.Context(), secret)
	if err != nil {
		if clearance.KindOf(err) != clearance.Unauthorized {
			s.fail(w, r, v, err)
			return
		}
		v.Problem = "This key is unknown or was revoked. Check it, or ask an administrator for one (clearance keys create)."
		s.renderSignIn(w, r, http.StatusUnauthorized, v, next)
		return
	}
	if err := s.auditSession(r, clearance.AuditSignIn, k); err != nil {
		s.fail(w, r, v, err)
		return
	}
	http.SetCookie(w, s.sessionCookie(r, secret, 0))
	http.SetCookie(w, &http.Cookie{Name: signInCookie, Path: "/signin", MaxAge: -1})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// auditSession records a sign-in or sign-out of k, with where it came
// from: auditors ask who had access when.
func (s *server) auditSession(r *http.Request, action clearance.AuditAction, k *clearance.APIKey) error {
	if k == nil {
		return nil
	}
	_, rid := clearance.ActorFrom(r.Context())
	return s.cfg.Audit.Append(r.Context(), clearance.AuditRecord{Actor: k.Actor(), RequestID: rid, Action: action,
		Subject: k.Name, Payload: clearance.AuditPayload(map[string]string{"role": string(k.Role),
			"remote_addr": s.remoteAddr(r), "user_agent": r.UserAgent()})})
}

// signOut ends the session.
func (s *server) signOut(w http.ResponseWriter, r *http.Request, v *view) error {
	if err := s.auditSession(r, clearance.AuditSignOut, v.Key); err != nil {
		return err
	}
	http.SetCookie(w, s.sessionCookie(r, "", -1))
	http.Redirect(w, r, "/signin?out=1", http.StatusSeeOther)
	return nil
}

// sessionCookie is the session cookie holding secret; maxAge -1 deletes
// it, 0 makes it last as long as the browser session.
func (s *server) sessionCookie(r *http.Request, secret string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode}
}

// secure reports whether the browser reached the server over HTTPS: the
// connection is TLS, or, behind a proxy the configuration trusts, the
// proxy says it was (X-Forwarded-Proto). Cookies are then marked Secure.
func (s *server) secure(r *http.Request) bool {
	return r.TLS != nil || s.cfg.TrustProxy && strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https")
}

// remoteAddr is where a request came from, for the audit log: the peer's
// address, and behind a trusted proxy the client it forwarded for
// (X-Forwarded-For) too.
func (s *server) remoteAddr(r *http.Request) string {
	if fwd := strings.TrimSpace(r.Header.Get("X-Forwarded-For")); s.cfg.TrustProxy && fwd != "" {
		return fwd + " via " + r.RemoteAddr
	}
	return r.RemoteAddr
}

// safeNext returns where to go after sign-in: a path on this site, never
// another site ("//host", "/\host") nor the sign-in page itself.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.HasPrefix(next, "/\\") || u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/signin") {
		return "/search"
	}
	return next
}
