// portoracle: Docker's own reading of every port entry of a compose file.
//
//	portoracle [-env FILE] OLD [NEW]
//	portoracle -spec [-env FILE]      (port strings on stdin, one a line)
//
// Each entry of every service's ports is read the way Docker Compose reads
// it: typed by go-yaml v3 (the YAML library compose-go uses, so "0x50" is
// the integer 80 and "080" a float), interpolated with the variables of
// the -env file (Compose's rules; an unset variable is empty), and, when
// it is a string, parsed by go-connections' nat.ParsePortSpec. With NEW,
// the entries of NEW are read the same way and paired with OLD's by their
// place (document, service, index): composefix changes values, never the
// shape, unless it copies entries (--bind twice), which the oracle does not
// run.
//
// Prints one JSON object a line per entry:
//
//	{"line":L,"col":C,"service":S,"old":READING,"new":READING}
//
// where READING is {"text":..., "type":"string"|"int"|"map"|..., "err":...,
// "mappings":[{"ip":...,"host":...,"port":...}]}. The oracle judges nothing:
// tests/oracle.py compares these readings with composefix's findings.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/docker/go-connections/nat"
	"gopkg.in/yaml.v3"
)

type mapping struct {
	IP   string `json:"ip"`
	Host string `json:"host"`
	Port string `json:"port"`
}

type reading struct {
	Text     string    `json:"text"`
	Type     string    `json:"type"`
	Expanded string    `json:"expanded,omitempty"`
	Err      string    `json:"err,omitempty"`
	Unset    bool      `json:"unset,omitempty"`
	Mappings []mapping `json:"mappings,omitempty"`
}

type entry struct {
	Line int `json:"line"`
	Col  int `json:"col"`
	// Where the merge sources of a long-syntax entry start, and the
	// entry that defines its host_ip when that is an alias: composefix
	// reports such an entry where its host_ip is defined.
	Merged  [][2]int `json:"merged,omitempty"`
	Service string   `json:"service"`
	Old     *reading `json:"old"`
	New     *reading `json:"new,omitempty"`
}

// place names an entry by its position in the structure.
type place struct {
	node    *yaml.Node
	service string
}

func main() {
	envFile := flag.String("env", "", "dotenv file for interpolation")
	spec := flag.Bool("spec", false, "read port strings from stdin")
	flag.Parse()
	env := map[string]string{}
	if *envFile != "" {
		data, err := os.ReadFile(*envFile)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			fail(err)
		}
		env = parseDotenv(string(data))
	}
	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)
	if *spec {
		in := bufio.NewScanner(os.Stdin)
		for in.Scan() {
			r := readString(unquote(in.Text()), env)
			if err := out.Encode(r); err != nil {
				fail(err)
			}
		}
		return
	}
	if flag.NArg() < 1 || flag.NArg() > 2 {
		fmt.Fprintln(os.Stderr, "usage: portoracle [-env FILE] OLD [NEW]")
		os.Exit(2)
	}
	olds, err := entries(flag.Arg(0))
	if err != nil {
		fail(err)
	}
	var news []place
	if flag.NArg() == 2 {
		news, err = entries(flag.Arg(1))
		if err != nil {
			fail(err)
		}
		if len(news) != len(olds) {
			fail(fmt.Errorf("%s has %d port entries, %s has %d",
				flag.Arg(0), len(olds), flag.Arg(1), len(news)))
		}
	}
	// The entry whose own host_ip is an anchored value, by that value:
	// composefix reports an entry whose host_ip is an alias of it there.
	owner := map[*yaml.Node]*yaml.Node{}
	for _, p := range olds {
		if h := get(p.node, "host_ip", 0); h != nil &&
			h.Kind != yaml.AliasNode && owner[h] == nil {
			owner[h] = p.node
		}
	}
	for i, p := range olds {
		e := entry{Line: p.node.Line, Col: p.node.Column,
			Service: p.service, Old: read(p.node, env),
			Merged: mergeSources(p.node, 0)}
		if h := get(p.node, "host_ip", 0); h != nil &&
			h.Kind == yaml.AliasNode && owner[resolve(h)] != nil {
			o := owner[resolve(h)]
			e.Merged = append(e.Merged, [2]int{o.Line, o.Column})
		}
		if news != nil {
			e.New = read(news[i].node, env)
		}
		if err := out.Encode(e); err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "portoracle:", err)
	os.Exit(2)
}

// unquote lets the table of tricky strings hold any byte: a line in
// double quotes is a Go string literal.
func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' {
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
	}
	return s
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// get returns the value of key in mapping m, the last occurrence winning,
// else the first found through its merge keys.
func get(m *yaml.Node, key string, depth int) *yaml.Node {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode || depth > 16 {
		return nil
	}
	var v, merge *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := resolve(m.Content[i])
		if k.Value == key && k.Tag != "!!merge" {
			v = m.Content[i+1]
		} else if k.Tag == "!!merge" {
			merge = m.Content[i+1]
		}
	}
	if v != nil || merge == nil {
		return v
	}
	merge = resolve(merge)
	if merge.Kind == yaml.SequenceNode {
		for _, c := range merge.Content {
			if v = get(c, key, depth+1); v != nil {
				return v
			}
		}
		return nil
	}
	return get(merge, key, depth+1)
}

// mergeSources: the positions of the mappings merged into m, nested
// merges too.
func mergeSources(m *yaml.Node, depth int) [][2]int {
	var out [][2]int
	if m.Kind != yaml.MappingNode || depth > 16 {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Tag != "!!merge" {
			continue
		}
		v := resolve(m.Content[i+1])
		srcs := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			srcs = v.Content
		}
		for _, src := range srcs {
			src = resolve(src)
			out = append(out, [2]int{src.Line, src.Column})
			if len(src.Content) > 0 {
				// a block mapping's text starts at its first
				// key; go-yaml places it at its anchor
				k := src.Content[0]
				out = append(out, [2]int{k.Line, k.Column})
			}
			out = append(out, mergeSources(src, depth+1)...)
		}
	}
	return out
}

// services: the services mapping, or a version-1 file's top level.
func services(root *yaml.Node) *yaml.Node {
	root = resolve(root)
	if root == nil || root.Kind != yaml.MappingNode {
		return nil
	}
	if s := resolve(get(root, "services", 0)); s != nil {
		if s.Kind == yaml.MappingNode {
			return s
		}
		return nil
	}
	if len(root.Content) == 0 {
		return nil
	}
	for i := 1; i < len(root.Content); i += 2 {
		v := resolve(root.Content[i])
		if v.Kind != yaml.MappingNode ||
			(get(v, "image", 0) == nil && get(v, "build", 0) == nil) {
			return nil
		}
	}
	return root
}

// serviceList: the services of mapping m, its own first, then those a
// merge key brings that it does not define (YAML's merge rule).
func serviceList(m *yaml.Node, have map[string]bool, depth int) []place {
	var out, merged []place
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode || depth > 16 {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if k.Tag != "!!merge" && !have[k.Value] {
			have[k.Value] = true
			out = append(out, place{m.Content[i+1], k.Value})
		}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Tag != "!!merge" {
			continue
		}
		v := resolve(m.Content[i+1])
		srcs := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			srcs = v.Content
		}
		for _, src := range srcs {
			merged = append(merged, serviceList(src, have, depth+1)...)
		}
	}
	return append(out, merged...)
}

func entries(path string) ([]place, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []place
	dec := yaml.NewDecoder(f)
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(doc.Content) == 0 {
			continue
		}
		svcs := services(doc.Content[0])
		if svcs == nil {
			continue
		}
		for _, svc := range serviceList(svcs, map[string]bool{}, 0) {
			nm := resolve(get(svc.node, "network_mode", 0))
			// network_mode host: Docker ignores the ports;
			// service:X or container:X: Docker refuses them
			if nm != nil && (nm.Value == "host" ||
				strings.HasPrefix(nm.Value, "service:") ||
				strings.HasPrefix(nm.Value, "container:")) {
				continue
			}
			ports := resolve(get(svc.node, "ports", 0))
			if ports == nil || ports.Kind != yaml.SequenceNode {
				continue
			}
			for _, e := range ports.Content {
				out = append(out, place{resolve(e), svc.service})
			}
		}
	}
	return out, nil
}

// read: the entry as Compose reads it.
func read(n *yaml.Node, env map[string]string) *reading {
	var v interface{}
	if err := n.Decode(&v); err != nil {
		return &reading{Text: n.Value, Type: "error", Err: err.Error()}
	}
	switch x := v.(type) {
	case string:
		return readString(x, env)
	case int:
		// compose-go: an integer entry is {target: N}, an ephemeral
		// host port on every interface.
		r := &reading{Text: n.Value, Type: "int"}
		if x < 0 || x > 65535 {
			r.Err = "port out of range"
			return r
		}
		r.Mappings = []mapping{{Port: strconv.Itoa(x) + "/tcp"}}
		return r
	case map[string]interface{}:
		return readLong(x, env)
	default:
		return &reading{Text: n.Value, Type: fmt.Sprintf("%T", v),
			Err: fmt.Sprintf("invalid type %T for port", v)}
	}
}

func readString(s string, env map[string]string) *reading {
	r := &reading{Text: s, Type: "string"}
	unsetSeen = false
	x, err := interpolate(s, env)
	r.Unset = unsetSeen
	if err != nil {
		r.Err = "interpolation: " + err.Error()
		return r
	}
	r.Expanded = x
	ms, err := nat.ParsePortSpec(x)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	for _, m := range ms {
		r.Mappings = append(r.Mappings, mapping{IP: m.Binding.HostIP,
			Host: m.Binding.HostPort, Port: string(m.Port)})
	}
	return r
}

func readLong(m map[string]interface{}, env map[string]string) *reading {
	r := &reading{Type: "map"}
	str := func(k string) (string, error) {
		v, ok := m[k]
		if !ok || v == nil {
			return "", nil
		}
		s := fmt.Sprint(v)
		if _, isStr := v.(string); isStr {
			return interpolate(s, env)
		}
		return s, nil
	}
	ip, err := str("host_ip")
	if err != nil {
		r.Err = err.Error()
		return r
	}
	host, _ := str("published")
	target, _ := str("target")
	proto, _ := str("protocol")
	if proto == "" {
		proto = "tcp"
	}
	if target == "" {
		r.Err = "no target"
		return r
	}
	r.Mappings = []mapping{{IP: ip, Host: host, Port: target + "/" + proto}}
	return r
}
