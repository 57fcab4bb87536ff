import { Component, createRef, type ReactNode } from "react";

interface Props {
  children: ReactNode;
  /** Where "Back to the events" leads (the app's first view); without it, only a reload is offered. */
  onHome?: () => void;
  /** What is being shown (the view, the event): when it changes, say through the header, the page is drawn again. */
  page?: string;
}

/**
 * What shows when a page fails to draw, instead of a blank screen: a plain message and ways out.
 * Never the error's text or stack: they say nothing to the person, and may carry what they should not see.
 * React itself reports the error to the console (its onCaughtError).
 */
export class PageErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };
  private readonly heading = createRef<HTMLHeadingElement>();

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidUpdate(props: Props, previous: { failed: boolean }) {
    if (this.state.failed && previous.failed && props.page !== this.props.page) this.setState({ failed: false });
    // Keyboard and screen-reader users land on the message rather than on a control that is gone.
    if (this.state.failed && !previous.failed) this.heading.current?.focus();
  }

  private readonly home = () => {
    this.setState({ failed: false });
    this.props.onHome?.();
  };

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <section className="page-error" role="alert" aria-labelledby="page-error-title">
        <h2 id="page-error-title" ref={this.heading} tabIndex={-1}>
          Something went wrong while showing this page.
        </h2>
        <p>Reload the page{this.props.onHome ? ", or go back to the events" : ""} to carry on.</p>
        <div className="page-error-actions">
          <button type="button" onClick={() => window.location.reload()}>Reload the page</button>
          {this.props.onHome && <button type="button" onClick={this.home}>Back to the events</button>}
        </div>
      </section>
    );
  }
}
