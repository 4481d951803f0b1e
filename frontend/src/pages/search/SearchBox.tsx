import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { useDebounced } from "../../hooks";
import { type Suggestion, searchApi } from "./api";
import { SEARCH_PATH, searchPath, TYPE_LABELS } from "./labels";
import "./search.css";

const FORM_ID = "recherche-globale-formulaire";
const INPUT_ID = "recherche-globale";
const LISTBOX_ID = "recherche-globale-suggestions";
const MIN_LENGTH = 2;
const DEBOUNCE_MS = 200;

/** What the list offers: the API's suggestions, then "every result for these words". */
type Option = { kind: "suggestion"; suggestion: Suggestion } | { kind: "all"; q: string };

function optionId(index: number): string {
  return `${LISTBOX_ID}-${index}`;
}

/**
 * The header's search box, on every page: an ARIA 1.2 combobox (the focus stays in the input,
 * aria-activedescendant names the highlighted option). Suggestions come as the user types
 * (debounced, from two characters); the arrow keys move through them, Enter opens the
 * highlighted one or, when none is, the results page; Escape closes the list, then clears the
 * field. Suggestions only follow typing: arriving on a page never opens the list.
 *
 * On a phone the header has no room for a row more (see tests/frontend/test_spa_mobile.py), so
 * the form is behind a disclosure button beside the menu's (styles in search.css); on wider
 * screens that button is not displayed and the form always is.
 */
export function SearchBox() {
  const navigate = useNavigate();
  const location = useLocation();
  const input = useRef<HTMLInputElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const [shown, setShown] = useState(false);
  const [value, setValue] = useState("");
  const [typed, setTyped] = useState(false);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [forQuery, setForQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const debounced = useDebounced(value.trim(), DEBOUNCE_MS);

  // On the results page the box holds its words; any change of page closes the list.
  useEffect(() => {
    if (location.pathname === SEARCH_PATH) {
      setValue(new URLSearchParams(location.search).get("q") ?? "");
    }
    close();
    setTyped(false);
    setSuggestions([]);
    setForQuery("");
    setShown(false);
  }, [location.pathname, location.search]);

  useEffect(() => {
    if (shown) input.current?.focus();
  }, [shown]);

  useEffect(() => {
    if (!typed || debounced.length < MIN_LENGTH) return undefined;
    let current = true; // an answer for "marc" arriving after the one for "marché" is dropped
    searchApi()
      .suggestions(debounced)
      .then(
        (items) => {
          if (!current) return;
          setSuggestions(items);
          setForQuery(debounced);
          setActive(-1);
          setOpen(document.activeElement === input.current);
        },
        () => current && close(),
      );
    return () => {
      current = false;
    };
  }, [debounced, typed]);

  const options: Option[] = [
    ...suggestions.map((suggestion): Option => ({ kind: "suggestion", suggestion })),
    ...(forQuery ? [{ kind: "all", q: forQuery } as const] : []),
  ];
  const expanded = open && options.length > 0;

  function close() {
    setOpen(false);
    setActive(-1);
  }

  function go(option: Option) {
    close();
    setTyped(false);
    if (option.kind === "all") {
      navigate(searchPath(option.q));
    } else {
      setValue(option.suggestion.title);
      navigate(option.suggestion.url);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const q = value.trim();
    if (!q) {
      input.current?.focus();
      return;
    }
    go({ kind: "all", q });
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const count = options.length;
    switch (event.key) {
      case "ArrowDown":
        if (count === 0) return;
        event.preventDefault();
        if (!expanded) {
          setOpen(true);
          setActive(0);
        } else {
          setActive((index) => (index + 1) % count);
        }
        return;
      case "ArrowUp":
        if (count === 0) return;
        event.preventDefault();
        setOpen(true);
        setActive((index) => (index <= 0 ? count - 1 : index - 1));
        return;
      case "Enter": {
        const option = expanded && active >= 0 ? options[active] : undefined;
        if (option) {
          event.preventDefault();
          go(option);
        }
        return; // otherwise the form is submitted
      }
      case "Escape":
        if (expanded) {
          event.preventDefault();
          close();
        } else if (value) {
          event.preventDefault();
          setValue("");
          setTyped(false);
          setSuggestions([]);
          setForQuery("");
        } else if (shown) {
          event.preventDefault();
          setShown(false);
          toggle.current?.focus();
        }
        return;
      default:
    }
  }

  const announcement = expanded
    ? suggestions.length === 0
      ? "Aucune suggestion. Entrée pour lancer la recherche."
      : `${suggestions.length} suggestion${suggestions.length > 1 ? "s" : ""}. Flèches haut et bas pour parcourir.`
    : "";

  return (
    <>
      <button
        ref={toggle}
        type="button"
        className="site-search-toggle"
        aria-expanded={shown}
        aria-controls={FORM_ID}
        onClick={() => setShown((current) => !current)}
      >
        <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <circle cx="10" cy="10" r="6.5" fill="none" stroke="currentColor" strokeWidth="2.5" />
          <path d="M15 15l6 6" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
        </svg>
        <span className="visually-hidden">Recherche</span>
      </button>
      <form
        id={FORM_ID}
        role="search"
        aria-label="Recherche sur la plate-forme"
        className={shown ? "site-search site-search-shown" : "site-search"}
        onSubmit={onSubmit}
      >
        <label htmlFor={INPUT_ID} className="visually-hidden">
          Rechercher sur e-Partage
        </label>
        <div className="site-search-field">
          <input
            ref={input}
            id={INPUT_ID}
            type="search"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={LISTBOX_ID}
            aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
            autoComplete="off"
            spellCheck={false}
            enterKeyHint="search"
            placeholder="Rechercher…"
            value={value}
            onChange={(event) => {
              setValue(event.target.value);
              setTyped(true);
              if (event.target.value.trim().length < MIN_LENGTH) {
                close();
                setSuggestions([]);
                setForQuery("");
              }
            }}
            onKeyDown={onKeyDown}
            onBlur={close}
          />
          <ul id={LISTBOX_ID} role="listbox" aria-label="Suggestions" className="site-search-list" hidden={!expanded}>
            {options.map((option, index) => (
              <li
                key={option.kind === "all" ? "all" : `${option.suggestion.type}-${option.suggestion.url}`}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                className={option.kind === "all" ? "site-search-option site-search-all" : "site-search-option"}
                // Keep the focus in the input: the click chooses, the blur would close first.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => go(option)}
              >
                {option.kind === "all" ? (
                  <>Tous les résultats pour « {option.q} »</>
                ) : (
                  <>
                    <span className="site-search-title">{option.suggestion.title}</span>{" "}
                    <span className="badge">{TYPE_LABELS[option.suggestion.type]}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
        <button type="submit" className="button site-search-submit">
          Rechercher
        </button>
        <p className="visually-hidden" role="status" aria-live="polite">
          {announcement}
        </p>
      </form>
    </>
  );
}
